package dev.prefs.query.preferences;

import static dev.prefs.query.preferences.UserPreferencesQueryIT.assertProblem;
import static dev.prefs.query.preferences.UserPreferencesQueryIT.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.PrefsEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.HttpJson;
import dev.prefs.query.EventAppender;
import dev.prefs.query.QuerySideApplication;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reads folded from the event store across the three layers, through real HTTP: explain, asOf, the histories,
 * and who may read them. The system layer changes once, in 2020 (SMS on), before every instant the tests ask about.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class LayeredReadsIT {

    static final TestDatabase DB = TestDatabase.create("layered_reads");
    private static final Instant SYSTEM_CHANGED = Instant.parse("2020-01-01T00:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @LocalServerPort
    int port;

    private static EventAppender events;
    private HttpJson http;

    @BeforeEach
    void setUp() {
        if (events == null) {
            events = new EventAppender(eventStore, transactionManager);
            append(SYSTEM_CHANGED, "root", new SystemDefaultsChangedEvent(
                    PreferenceValues.BUILT_IN.with(PreferenceField.SMS, true)));
        }
        http = new HttpJson(port);
    }

    @Test
    void explainNamesTheWinningLayerTheEventThatSetItAndEveryValueItHides() {
        Instant t = Instant.parse("2025-05-01T10:00:00Z");
        PreferenceValues acme = new PreferenceValues("light", "fr", ChannelChoices.NONE);
        append(t, "acme-boss", new TenantDefaultsChangedEvent("acme", acme, Set.of(PreferenceField.LANGUAGE)));
        append(t.plusSeconds(60), "erin", new PreferencesCreatedEvent("erin", "acme", null, "de",
                new ChannelChoices(false, null, null)));
        append(t.plusSeconds(120), "acme-boss", new TenantDefaultsChangedEvent("acme", acme, Set.of()));

        HttpResponse<String> then = http.get("/api/users/erin/preferences/explain?asOf=2025-05-01T10:01:30Z");

        assertThat(then.statusCode()).isEqualTo(200);
        JsonNode body = HttpJson.json(then);
        assertThat(body.get("userId").asString()).isEqualTo("erin");
        assertThat(body.get("tenantId").asString()).isEqualTo("acme");
        assertThat(body.get("asOf").asString()).isEqualTo("2025-05-01T10:01:30Z");
        JsonNode fields = body.get("fields");
        assertThat(fields.propertyNames()).containsExactly("theme", "language", "notifications.email",
                "notifications.push", "notifications.sms");
        assertThat(fields.get("theme")).isEqualTo(json("""
                {"value": "light", "source": "tenant",
                 "setBy": {"layer": "tenant", "id": "acme", "version": 1, "type": "TenantDefaultsChanged",
                           "at": "2025-05-01T10:00:00Z", "by": "acme-boss"},
                 "shadowed": [{"source": "system", "value": "dark", "setBy": null}]}"""));
        assertThat(fields.get("language")).isEqualTo(json("""
                {"value": "fr", "source": "tenant-enforced",
                 "setBy": {"layer": "tenant", "id": "acme", "version": 1, "type": "TenantDefaultsChanged",
                           "at": "2025-05-01T10:00:00Z", "by": "acme-boss"},
                 "shadowed": [{"source": "user", "value": "de",
                               "setBy": {"layer": "user", "id": "erin", "version": 1, "type": "PreferencesCreated",
                                         "at": "2025-05-01T10:01:00Z", "by": "erin"}},
                              {"source": "system", "value": "en", "setBy": null}]}"""));
        assertThat(fields.get("notifications.email").get("value").asBoolean()).isFalse();
        assertThat(fields.get("notifications.email").get("source").asString()).isEqualTo("user");
        assertThat(fields.get("notifications.email").get("shadowed")).isEqualTo(json("""
                [{"source": "system", "value": true, "setBy": null}]"""));
        assertThat(fields.get("notifications.push")).isEqualTo(json("""
                {"value": true, "source": "system", "setBy": null, "shadowed": []}"""));
        assertThat(fields.get("notifications.sms")).isEqualTo(json("""
                {"value": true, "source": "system",
                 "setBy": {"layer": "system", "id": "system", "version": 1, "type": "SystemDefaultsChanged",
                           "at": "2020-01-01T00:00:00Z", "by": "root"},
                 "shadowed": []}"""));

        // Once the tenant stops enforcing, the user's kept choice applies again, unchanged.
        JsonNode now = HttpJson.json(http.get("/api/users/erin/preferences/explain")).get("fields").get("language");
        assertThat(now.get("value").asString()).isEqualTo("de");
        assertThat(now.get("source").asString()).isEqualTo("user");
        assertThat(now.get("shadowed").get(0).get("source").asString()).isEqualTo("tenant");
        assertThat(now.get("shadowed").get(0).get("value").asString()).isEqualTo("fr");
        assertThat(now.get("shadowed").get(1).get("source").asString()).isEqualTo("system");
    }

    @Test
    void asOfResolvesEveryLayerAsItStoodThenWithTheTenantAndSources() {
        Instant t = Instant.parse("2025-05-02T10:00:00Z");
        PreferenceValues acme = new PreferenceValues("light", "fr", ChannelChoices.NONE);
        append(t, "boss", new TenantDefaultsChangedEvent("acme2", acme, Set.of(PreferenceField.LANGUAGE)));
        append(t.plusSeconds(60), "gil", new PreferencesCreatedEvent("gil", "acme2", null, "de",
                ChannelChoices.NONE));
        append(t.plusSeconds(120), "boss", new TenantDefaultsChangedEvent("acme2", acme, Set.of()));

        HttpResponse<String> enforced = http.get("/api/users/gil/preferences?asOf=2025-05-02T10:01:30Z");
        HttpResponse<String> released = http.get("/api/users/gil/preferences?asOf=2025-05-02T10:02:30Z");

        assertThat(enforced.statusCode()).isEqualTo(200);
        assertThat(enforced.headers().firstValue("ETag")).contains("\"1.1.1.0\"");
        JsonNode body = HttpJson.json(enforced);
        assertThat(body.get("tenantId").asString()).isEqualTo("acme2");
        assertThat(body.get("theme").asString()).isEqualTo("light");
        assertThat(body.get("language").asString()).isEqualTo("fr");
        assertThat(body.get("notifications")).isEqualTo(json("{\"email\": true, \"push\": true, \"sms\": true}"));
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("sources")).isEqualTo(json("""
                {"theme": "tenant", "language": "tenant-enforced", "notifications.email": "system",
                 "notifications.push": "system", "notifications.sms": "system"}"""));
        assertThat(released.headers().firstValue("ETag")).contains("\"1.2.1.0\"");
        assertThat(HttpJson.json(released).get("language").asString()).isEqualTo("de");
        assertThat(HttpJson.json(released).get("sources").get("language").asString()).isEqualTo("user");
    }

    @Test
    void asOfBeforeAMoveShowsTheOldTenantsValuesAndALaterDefaultChangeDoesNotReachBack() {
        Instant t = Instant.parse("2025-06-01T10:00:00Z");
        append(t, "n", new TenantDefaultsChangedEvent("north", values("light", null), Set.of()));
        append(t, "s", new TenantDefaultsChangedEvent("south", values("system", "pt-BR"), Set.of()));
        append(t.plusSeconds(10), "mo", new PreferencesCreatedEvent("mo", "north", null, null, null));
        append(t.plusSeconds(20), "root", new PreferencesMovedEvent("mo", "south"));
        append(t.plusSeconds(40), "s", new TenantDefaultsChangedEvent("south", values("dark", "pt-BR"),
                Set.of()));

        JsonNode inNorth = HttpJson.json(http.get("/api/users/mo/preferences?asOf=2025-06-01T10:00:15Z"));
        JsonNode inSouth = HttpJson.json(http.get("/api/users/mo/preferences?asOf=2025-06-01T10:00:30Z"));
        JsonNode later = HttpJson.json(http.get("/api/users/mo/preferences?asOf=2025-06-01T10:00:50Z"));

        assertThat(inNorth.get("tenantId").asString()).isEqualTo("north");
        assertThat(inNorth.get("theme").asString()).isEqualTo("light");
        assertThat(inNorth.get("language").asString()).isEqualTo("en");
        assertThat(inNorth.get("sources").get("theme").asString()).isEqualTo("tenant");
        assertThat(inNorth.get("sources").get("language").asString()).isEqualTo("system");
        assertThat(inSouth.get("tenantId").asString()).isEqualTo("south");
        assertThat(inSouth.get("theme").asString()).isEqualTo("system");
        assertThat(inSouth.get("language").asString()).isEqualTo("pt-BR");
        assertThat(inSouth.get("version").asLong()).isEqualTo(2);
        assertThat(later.get("theme").asString()).isEqualTo("dark");
        JsonNode explained = HttpJson.json(http.get("/api/users/mo/preferences/explain?asOf=2025-06-01T10:00:15Z"));
        assertThat(explained.get("tenantId").asString()).isEqualTo("north");
        assertThat(explained.get("fields").get("theme").get("setBy").get("id").asString()).isEqualTo("north");
    }

    @Test
    void aUsersHistoryShowsExplicitValuesAndMovesAndTheDefaultsHistoriesShowEnforcement() {
        Instant t = Instant.parse("2025-07-01T10:00:00Z");
        append(t, "hana", new PreferencesCreatedEvent("hana", "h1", "light", null,
                new ChannelChoices(null, null, true)));
        append(t.plusSeconds(1), "hana", new ThemeChangedEvent("hana", null));
        append(t.plusSeconds(2), "root", new PreferencesMovedEvent("hana", "h2"));
        append(t.plusSeconds(3), "hana", PreferencesResetEvent.clearing("hana"));
        append(t.plusSeconds(4), "hana", new PreferencesDeletedEvent("hana"));
        append(t, "h1-boss", new TenantDefaultsChangedEvent("h1", values("light", null), Set.of()));
        append(t.plusSeconds(5), "h1-boss", new TenantDefaultsChangedEvent("h1", values("light", "fr"),
                Set.of(PreferenceField.THEME)));

        JsonNode user = HttpJson.json(http.get("/api/users/hana/preferences/history"));

        assertThat(user.get("userId").asString()).isEqualTo("hana");
        assertThat(types(user)).containsExactly("PreferencesCreated", "ThemeChanged", "PreferencesMoved",
                "PreferencesReset", "PreferencesDeleted");
        JsonNode created = user.get("changes").get(0);
        assertThat(created.get("changes")).isEqualTo(json("""
                {"tenantId": {"from": null, "to": "h1"}, "theme": {"from": null, "to": "light"},
                 "language": {"from": null, "to": null}, "notifications.email": {"from": null, "to": null},
                 "notifications.push": {"from": null, "to": null}, "notifications.sms": {"from": null, "to": true}}
                """));
        assertThat(created.get("by").asString()).isEqualTo("hana");
        assertThat(created.get("correlationId").asString()).isEqualTo("corr-hana-0");
        assertThat(user.get("changes").get(1).get("changes")).isEqualTo(json("""
                {"theme": {"from": "light", "to": null}}"""));
        assertThat(user.get("changes").get(2).get("changes")).isEqualTo(json("""
                {"tenantId": {"from": "h1", "to": "h2"}}"""));
        assertThat(user.get("changes").get(2).get("by").asString()).isEqualTo("root");
        assertThat(user.get("changes").get(3).get("changes")).isEqualTo(json("""
                {"notifications.sms": {"from": true, "to": null}}"""));
        assertThat(user.get("changes").get(4).get("changes").get("tenantId")).isEqualTo(json("""
                {"from": "h2", "to": null}"""));

        JsonNode tenant = HttpJson.json(http.get("/api/tenants/h1/defaults/history"));
        assertThat(tenant.get("tenantId").asString()).isEqualTo("h1");
        assertThat(types(tenant)).containsExactly("TenantDefaultsChanged", "TenantDefaultsChanged");
        assertThat(tenant.get("changes").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(tenant.get("changes").get(0).get("by").asString()).isEqualTo("h1-boss");
        assertThat(tenant.get("changes").get(0).get("changes")).isEqualTo(json("""
                {"theme": {"from": null, "to": "light"}}"""));
        assertThat(tenant.get("changes").get(1).get("changes")).isEqualTo(json("""
                {"language": {"from": null, "to": "fr"}, "enforced": {"from": [], "to": ["theme"]}}"""));

        JsonNode system = HttpJson.json(http.get("/admin/defaults/history"));
        assertThat(system.has("tenantId")).isFalse();
        assertThat(system.get("changes")).hasSize(1);
        assertThat(system.get("changes").get(0).get("type").asString()).isEqualTo("SystemDefaultsChanged");
        assertThat(system.get("changes").get(0).get("by").asString()).isEqualTo("root");
        assertThat(system.get("changes").get(0).get("changes")).isEqualTo(json("""
                {"notifications.sms": {"from": false, "to": true}}"""));
        assertProblem(http.get("/api/tenants/never-set/defaults/history"), 404);
    }

    @Test
    void aTenantAdminReadsOnlyTheirTenantsUsersAndATenantsHistoryOnlyItsReaders() {
        Instant t = Instant.parse("2025-08-01T10:00:00Z");
        append(t, "e", new TenantDefaultsChangedEvent("east", values("light", null), Set.of()));
        append(t, "w", new TenantDefaultsChangedEvent("west", values("dark", null), Set.of()));
        append(t.plusSeconds(1), "pat", new PreferencesCreatedEvent("pat", "east", null, null, null));
        append(t.plusSeconds(1), "quinn", new PreferencesCreatedEvent("quinn", "west", null, null, null));
        append(t.plusSeconds(1), "rex", new PreferencesCreatedEvent("rex", "east", null, null, null));
        append(t.plusSeconds(2), "root", new PreferencesMovedEvent("rex", "west"));
        String east = token("east-admin", JwtTokens.TENANT_ADMIN_SCOPE, "east");
        String west = token("west-admin", JwtTokens.TENANT_ADMIN_SCOPE, "west");

        for (String path : List.of("/api/users/pat/preferences/explain",
                "/api/users/pat/preferences?asOf=2025-08-01T10:00:05Z", "/api/users/pat/preferences/history")) {
            assertThat(http.get(path, "Authorization", east).statusCode()).as(path).isEqualTo(200);
            assertThat(http.get(path, "Authorization", token("pat", null, null)).statusCode()).as(path)
                    .isEqualTo(200);
            assertProblem(http.get(path, "Authorization", west), 403);
        }
        // A user moved away is no longer the old tenant's, not even their past; a user who never existed is
        // nobody's, and a tenant admin learns nothing about them.
        assertProblem(http.get("/api/users/rex/preferences?asOf=2025-08-01T10:00:01Z", "Authorization", east), 403);
        assertThat(http.get("/api/users/rex/preferences?asOf=2025-08-01T10:00:01Z", "Authorization", west)
                           .statusCode()).isEqualTo(200);
        assertProblem(http.get("/api/users/nobody/preferences/explain", "Authorization", west), 403);

        String history = "/api/tenants/east/defaults/history";
        assertThat(http.get(history).statusCode()).isEqualTo(200);
        assertThat(http.get(history, "Authorization", east).statusCode()).isEqualTo(200);
        assertThat(http.get(history, "Authorization", token("pat", null, null)).statusCode()).isEqualTo(200);
        assertThat(http.get(history, "Authorization", token("visitor", null, "east")).statusCode()).isEqualTo(200);
        assertProblem(http.get(history, "Authorization", west), 403);
        assertProblem(http.get(history, "Authorization", token("quinn", null, null)), 403);
        assertProblem(http.get(history, "Authorization", token("rex", null, null)), 403);
        assertProblem(http.get("/api/tenants/never-set/defaults/history", "Authorization", west), 403);
        assertProblem(http.get("/admin/defaults/history", "Authorization", east), 403);
    }

    @Test
    void explainAnswers404AsGetDoesAnd400ForBadInput() {
        Instant t = Instant.parse("2025-09-01T10:00:00Z");
        append(t, "del", new PreferencesCreatedEvent("del", null, "light", null, null));
        append(t.plusSeconds(10), "del", new PreferencesDeletedEvent("del"));

        assertThat(http.get("/api/users/del/preferences/explain?asOf=2025-09-01T10:00:05Z").statusCode())
                .isEqualTo(200);
        assertThat(HttpJson.json(http.get("/api/users/del/preferences/explain?asOf=2025-09-01T10:00:05Z"))
                           .get("tenantId").isNull()).isTrue();
        assertProblem(http.get("/api/users/del/preferences/explain"), 404);
        assertProblem(http.get("/api/users/del/preferences/explain?asOf=2025-09-01T09:59:59Z"), 404);
        assertProblem(http.get("/api/users/never/preferences/explain"), 404);
        assertProblem(http.get("/api/users/never/preferences?asOf=2025-09-01T10:00:00Z"), 404);
        assertValidationError(http.get("/api/users/del/preferences/explain?asOf=later"), "asOf");
        assertValidationError(http.get("/api/users/bad%20id/preferences/explain"), "userId");
        assertValidationError(http.get("/api/tenants/bad%20id/defaults/history"), "tenantId");
    }

    @Test
    void theDocumentDescribesTheNewReadsAndANullSetBy() {
        JsonNode document = HttpJson.json(http.get("/v3/api-docs"));

        assertThat(document.get("paths").propertyNames()).contains("/api/users/{userId}/preferences/explain",
                "/api/tenants/{tenantId}/defaults/history", "/admin/defaults/history");
        JsonNode schemas = document.get("components").get("schemas");
        assertThat(schemas.get("SetBy").get("nullable").asBoolean()).isTrue();
        assertThat(schemas.get("ExplainedField").get("properties").propertyNames()).containsExactlyInAnyOrder(
                "value", "source", "setBy", "shadowed");
        assertThat(schemas.get("Preferences").get("properties").propertyNames()).contains("tenantId", "sources");
    }

    /** Appends {@code event} to its own stream (a user's, a tenant's, the system's) at {@code at}. */
    private static void append(Instant at, String sub, PrefsEvent event) {
        events.appendAt(at, event.streamId(), sub, event);
    }

    private static PreferenceValues values(String theme, String language) {
        return new PreferenceValues(theme, language, ChannelChoices.NONE);
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.get("changes").forEach(change -> types.add(change.get("type").asString()));
        return types;
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static String token(String sub, String scope, String tenant) {
        return HttpJson.bearer(sub, scope, tenant);
    }
}
