package dev.prefs.query.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The reads of the tenants release on a few users the test can count by hand: acme has alice (explicit theme light),
 * bob (nothing explicit) and carol (explicit language fr); globex has dave; erin has no tenant. acme's defaults set
 * language de. Who may read what, the tenant defaults, the system defaults, previews and the user's ETag.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantDefaultsQueryIT {

    static final TestDatabase DB = TestDatabase.create("query_tenant_defaults");
    static final String MERGE_PATCH = "application/merge-patch+json";

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    static EventAppender appender;

    HttpJson http() {
        return new HttpJson(port);
    }

    @Test
    @Order(1)
    void beforeAnyLayerTheSystemDefaultsAreTheBuiltInOnesAndATenantHasNone() {
        appender = new EventAppender(eventStore, transactionManager);
        appender.appendAll("load", List.of(
                new PreferencesCreatedEvent("alice", "acme", "light", null, ChannelChoices.NONE),
                new PreferencesCreatedEvent("bob", "acme", null, null, ChannelChoices.NONE),
                new PreferencesCreatedEvent("carol", "acme", null, "fr", ChannelChoices.NONE),
                new PreferencesCreatedEvent("dave", "globex", null, null, new ChannelChoices(false, null, null)),
                new PreferencesCreatedEvent("erin", null, "system", null, ChannelChoices.NONE)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get("/api/users/erin/preferences").statusCode() == 200);

        JsonNode system = HttpJson.json(http().get("/admin/defaults"));
        assertThat(system.get("version").asLong()).isZero();
        assertThat(system.get("users").asLong()).isEqualTo(5);
        assertThat(system.get("defaults").toString()).isEqualTo("{\"theme\":\"dark\",\"language\":\"en\","
                + "\"notificationsEnabled\":true,\"notifications\":{\"email\":true,\"push\":true,\"sms\":false}}");

        HttpResponse<String> none = http().get("/api/tenants/acme/defaults");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(HttpJson.json(none).get("type").asString()).isEqualTo("urn:prefs:problem:tenant-defaults-not-found");

        HttpResponse<String> bob = http().get("/api/users/bob/preferences");
        assertThat(bob.headers().firstValue("ETag")).contains("\"1.0.0.3\"");
        JsonNode body = HttpJson.json(bob);
        assertThat(body.get("tenantId").asString()).isEqualTo("acme");
        assertThat(body.get("sources").get("theme").asString()).isEqualTo("system");
        assertThat(HttpJson.json(http().get("/api/users/erin/preferences")).get("tenantId").isNull()).isTrue();
    }

    @Test
    @Order(2)
    void aTenantsDefaultsAreReadByItsAdminsAndUsersAndAChangeOfThemChangesTheUsersETag() {
        appender.appendAll("load", List.of(new TenantDefaultsChangedEvent("acme",
                new PreferenceValues(null, "de", ChannelChoices.NONE), Set.of())));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get("/api/tenants/acme/defaults").statusCode() == 200);

        HttpResponse<String> answer = http().get("/api/tenants/acme/defaults");
        assertThat(answer.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode acme = HttpJson.json(answer);
        assertThat(acme.get("defaults").toString()).isEqualTo("{\"language\":\"de\"}");
        assertThat(acme.get("enforced").toString()).isEqualTo("[]");
        assertThat(acme.get("effective").get("language").asString()).isEqualTo("de");
        assertThat(acme.get("effective").get("theme").asString()).isEqualTo("dark");
        assertThat(acme.get("users").asLong()).isEqualTo(3);
        assertThat(acme.get("version").asLong()).isEqualTo(1);
        assertThat(http().get("/api/tenants/acme/defaults", "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);

        assertThat(status("/api/tenants/acme/defaults", HttpJson.bearer("bob", null, null))).isEqualTo(200);
        assertThat(status("/api/tenants/acme/defaults", HttpJson.bearer("zed", null, "acme"))).isEqualTo(200);
        assertThat(status("/api/tenants/acme/defaults",
                HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "acme"))).isEqualTo(200);
        assertThat(status("/api/tenants/acme/defaults", HttpJson.bearer("dave", null, null))).isEqualTo(403);
        assertThat(status("/api/tenants/acme/defaults",
                HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "globex"))).isEqualTo(403);

        HttpResponse<String> bob = http().get("/api/users/bob/preferences");
        assertThat(bob.headers().firstValue("ETag")).contains("\"1.1.0.3\"");
        assertThat(HttpJson.json(bob).get("language").asString()).isEqualTo("de");
        assertThat(HttpJson.json(bob).get("sources").get("language").asString()).isEqualTo("tenant");
        assertThat(http().get("/api/users/bob/preferences", "If-None-Match", "\"1.1.0.3\"").statusCode())
                .isEqualTo(304);
        assertThat(http().get("/api/users/bob/preferences", "If-None-Match", "\"1.0.0.3\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void aTenantAdminReachesOnlyTheUsersOfTheirTenant() {
        String acmeAdmin = HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "acme");
        assertThat(status("/api/users/alice/preferences", acmeAdmin)).isEqualTo(200);
        assertThat(status("/api/users/dave/preferences", acmeAdmin)).isEqualTo(403);
        assertThat(status("/api/users/erin/preferences", acmeAdmin)).isEqualTo(403);
        assertThat(status("/api/users/nobody/preferences", acmeAdmin)).isEqualTo(403);
        assertThat(status("/api/users/dave/preferences/history", acmeAdmin)).isEqualTo(403);

        JsonNode list = HttpJson.json(http().get("/api/preferences", "Authorization", acmeAdmin));
        assertThat(list.get("items").findValuesAsString("userId")).containsExactly("alice", "bob", "carol");
        assertThat(status("/api/preferences?tenantId=acme", acmeAdmin)).isEqualTo(200);
        assertThat(status("/api/preferences?tenantId=globex", acmeAdmin)).isEqualTo(403);
        assertThat(HttpJson.json(http().get("/api/preferences/stats", "Authorization", acmeAdmin)).get("total")
                .asLong()).isEqualTo(3);
        assertThat(status("/api/preferences/stats?tenantId=globex", acmeAdmin)).isEqualTo(403);
        assertThat(HttpJson.json(http().get("/api/preferences?tenantId=globex")).get("items")
                .findValuesAsString("userId")).containsExactly("dave");
    }

    @Test
    @Order(4)
    void aPreviewCountsWhoseEffectiveValuesTheChangeWouldMoveAndAppendsNothing() {
        long events = events();
        JsonNode theme = preview("/api/tenants/acme/defaults/preview", "{\"theme\": \"light\"}");
        assertThat(theme.get("affectedUsers").asLong()).isEqualTo(2);
        assertThat(theme.get("changes").toString()).isEqualTo("{\"theme\":{\"dark → light\":2}}");
        assertThat(theme.get("sample").toString()).isEqualTo("[\"bob\",\"carol\"]");

        JsonNode enforced = preview("/api/tenants/acme/defaults/preview",
                "{\"theme\": \"system\", \"enforced\": {\"theme\": true}}");
        assertThat(enforced.get("affectedUsers").asLong()).isEqualTo(3);
        assertThat(enforced.get("changes").toString())
                .isEqualTo("{\"theme\":{\"dark → system\":2,\"light → system\":1}}");

        JsonNode removed = preview("/api/tenants/acme/defaults/preview", "{\"language\": null}");
        assertThat(removed.get("changes").toString()).isEqualTo("{\"language\":{\"de → en\":2}}");
        assertThat(removed.get("sample").toString()).isEqualTo("[\"alice\",\"bob\"]");

        JsonNode unchanged = preview("/api/tenants/acme/defaults/preview", "{\"language\": \"de\"}");
        assertThat(unchanged.get("affectedUsers").asLong()).isZero();

        JsonNode fresh = preview("/api/tenants/globex/defaults/preview", "{\"notifications\": {\"email\": true, "
                                                                         + "\"sms\": true}}");
        assertThat(fresh.get("changes").toString()).isEqualTo("{\"notifications.sms\":{\"false → true\":1}}");

        JsonNode system = preview("/admin/defaults/preview", "{\"theme\": \"system\", \"language\": \"pt-br\"}");
        // alice and erin choose their theme; carol her language, and acme's users inherit acme's.
        assertThat(system.get("changes").toString()).isEqualTo("{\"theme\":{\"dark → system\":3},"
                                                               + "\"language\":{\"en → pt-BR\":2}}");
        assertThat(system.get("affectedUsers").asLong()).isEqualTo(4);
        assertThat(system.get("sample").toString()).isEqualTo("[\"bob\",\"carol\",\"dave\",\"erin\"]");
        assertThat(events()).isEqualTo(events);
    }

    @Test
    @Order(5)
    void aPreviewRefusesWhatThePatchWouldRefuseAndWhoMayNotChangeTheLayer() {
        String path = "/api/tenants/acme/defaults/preview";
        assertThat(post(path, "{\"colour\": \"red\"}", MERGE_PATCH, null).statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"theme\": 5}", MERGE_PATCH, null).statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"theme\": \"pink\"}", MERGE_PATCH, null).statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"notifications\": {\"fax\": true}}", MERGE_PATCH, null).statusCode())
                .isEqualTo(400);
        assertThat(post(path, "{\"enforced\": {\"theme\": true}}", MERGE_PATCH, null).statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"enforced\": {\"colour\": true}}", MERGE_PATCH, null).statusCode())
                .isEqualTo(400);
        assertThat(post(path, "{\"theme\": ", MERGE_PATCH, null).statusCode()).isEqualTo(400);
        assertThat(post(path, "[]", MERGE_PATCH, null).statusCode()).isEqualTo(400);
        assertThat(post(path, "{\"theme\": \"light\", \"theme\": \"dark\"}", MERGE_PATCH, null).statusCode())
                .isEqualTo(400);
        assertThat(post(path, "{\"theme\": \"light\"}", "text/plain", null).statusCode()).isEqualTo(415);
        assertThat(post(path, "{\"theme\": \"" + "x".repeat(17_000) + "\"}", MERGE_PATCH, null).statusCode())
                .isEqualTo(413);
        HttpResponse<String> problem = post("/admin/defaults/preview", "{\"enforced\": {\"theme\": true}}",
                "application/json", null);
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(problem.headers().firstValue("Content-Type")).contains("application/problem+json");

        assertThat(post(path, "{\"theme\": \"light\"}", MERGE_PATCH,
                HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "acme")).statusCode()).isEqualTo(200);
        assertThat(post(path, "{\"theme\": \"light\"}", MERGE_PATCH,
                HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "globex")).statusCode()).isEqualTo(403);
        assertThat(post(path, "{\"theme\": \"light\"}", MERGE_PATCH, HttpJson.bearer("bob", null, null))
                .statusCode()).isEqualTo(403);
        assertThat(post("/admin/defaults/preview", "{\"theme\": \"light\"}", MERGE_PATCH,
                HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "acme")).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void aChangeOfTheSystemDefaultsReachesEveryInheritingUserAndTheirETag() {
        appender.appendAll("load", List.of(new SystemDefaultsChangedEvent(new PreferenceValues("light", "en",
                ChannelChoices.of(new NotificationChannels(true, true, true))))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> HttpJson.json(http().get("/admin/defaults")).get("version").asLong() == 1);
        HttpResponse<String> bob = http().get("/api/users/bob/preferences");
        assertThat(bob.headers().firstValue("ETag")).contains("\"1.1.1.3\"");
        assertThat(HttpJson.json(bob).get("theme").asString()).isEqualTo("light");
        assertThat(HttpJson.json(bob).get("notifications").get("sms").asBoolean()).isTrue();
        assertThat(HttpJson.json(http().get("/api/tenants/acme/defaults")).get("effective").get("theme")
                .asString()).isEqualTo("light");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM userpreferences_v3_layers", Long.class)).isEqualTo(2);
    }

    private JsonNode preview(String path, String body) {
        HttpResponse<String> answer = post(path, body, MERGE_PATCH, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return HttpJson.json(answer);
    }

    private HttpResponse<String> post(String path, String body, String contentType, String authorization) {
        return authorization == null
                ? http().send("POST", path, body, "Content-Type", contentType)
                : http().send("POST", path, body, "Content-Type", contentType, "Authorization", authorization);
    }

    private int status(String path, String authorization) {
        return http().get(path, "Authorization", authorization).statusCode();
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
