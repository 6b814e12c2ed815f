package dev.prefs.query.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * GET /admin/tenants through real HTTP, on tenants the test counts by hand: acme (defaults language de; alice, bob,
 * and carol who was deleted), globex (enforces theme light; dave), initech (defaults set, no users); umbrella has a
 * user (frank) but no defaults, so it is no listed tenant; erin has no tenant.
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantsListIT {

    static final TestDatabase DB = TestDatabase.create("query_tenants_list");

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @LocalServerPort
    int port;

    HttpJson http() {
        return new HttpJson(port);
    }

    @BeforeAll
    void load() {
        EventAppender appender = new EventAppender(eventStore, transactionManager);
        appender.appendAll("load", List.of(
                new PreferencesCreatedEvent("alice", "acme", "light", null, ChannelChoices.NONE),
                new PreferencesCreatedEvent("bob", "acme", null, null, ChannelChoices.NONE),
                new PreferencesCreatedEvent("carol", "acme", null, "fr", ChannelChoices.NONE),
                new PreferencesCreatedEvent("dave", "globex", null, null, ChannelChoices.NONE),
                new PreferencesCreatedEvent("erin", null, null, null, ChannelChoices.NONE),
                new PreferencesCreatedEvent("frank", "umbrella", null, null, ChannelChoices.NONE),
                new TenantDefaultsChangedEvent("initech", new PreferenceValues(null, null,
                        new ChannelChoices(null, null, true)), Set.of()),
                new TenantDefaultsChangedEvent("globex", new PreferenceValues("light", null, ChannelChoices.NONE),
                        Set.of(PreferenceField.THEME)),
                new TenantDefaultsChangedEvent("acme", new PreferenceValues(null, "fr", ChannelChoices.NONE),
                        Set.of()),
                new TenantDefaultsChangedEvent("acme", new PreferenceValues(null, "de", ChannelChoices.NONE),
                        Set.of())));
        appender.append("carol", "load", new PreferencesDeletedEvent("carol"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> acme = http().get("/api/tenants/acme/defaults");
            return acme.statusCode() == 200 && HttpJson.json(acme).get("users").asLong() == 2
                   && http().get("/api/tenants/initech/defaults").statusCode() == 200
                   && http().get("/api/tenants/globex/defaults").statusCode() == 200;
        });
    }

    @Test
    void theTenantsWithDefaultsComeByTenantIdWithTheFieldsTheySetWhatTheyEnforceAndTheirExistingUsers() {
        HttpResponse<String> answer = http().get("/admin/tenants");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode page = HttpJson.json(answer);
        assertThat(page.get("items").findValuesAsString("tenantId")).containsExactly("acme", "globex", "initech");
        assertThat(page.get("next").isNull()).isTrue();

        JsonNode acme = page.get("items").get(0);
        assertThat(acme.get("defaults").toString()).isEqualTo("{\"language\":\"de\"}");
        assertThat(acme.get("enforced").toString()).isEqualTo("[]");
        assertThat(acme.get("users").asLong()).isEqualTo(2);
        assertThat(acme.get("version").asLong()).isEqualTo(2);
        assertThat(acme.get("updatedAt").asString()).endsWith("Z");

        JsonNode globex = page.get("items").get(1);
        assertThat(globex.get("defaults").toString()).isEqualTo("{\"theme\":\"light\"}");
        assertThat(globex.get("enforced").toString()).isEqualTo("[\"theme\"]");
        assertThat(globex.get("users").asLong()).isEqualTo(1);
        assertThat(globex.get("version").asLong()).isEqualTo(1);

        JsonNode initech = page.get("items").get(2);
        assertThat(initech.get("defaults").toString()).isEqualTo("{\"notifications\":{\"sms\":true}}");
        assertThat(initech.get("users").asLong()).isZero();
    }

    @Test
    void pagesFollowOneAnotherThroughNext() {
        JsonNode first = HttpJson.json(http().get("/admin/tenants?limit=2"));
        assertThat(first.get("items").findValuesAsString("tenantId")).containsExactly("acme", "globex");
        assertThat(first.get("next").asString()).isEqualTo("globex");

        JsonNode second = HttpJson.json(http().get("/admin/tenants?limit=2&after=globex"));
        assertThat(second.get("items").findValuesAsString("tenantId")).containsExactly("initech");
        assertThat(second.get("next").isNull()).isTrue();

        JsonNode exact = HttpJson.json(http().get("/admin/tenants?limit=3"));
        assertThat(exact.get("items")).hasSize(3);
        assertThat(exact.get("next").isNull()).isTrue();

        JsonNode between = HttpJson.json(http().get("/admin/tenants?after=b&limit=500"));
        assertThat(between.get("items").findValuesAsString("tenantId")).containsExactly("globex", "initech");
        assertThat(HttpJson.json(http().get("/admin/tenants?after=initech")).get("items")).isEmpty();
    }

    @Test
    void onlyAdminsMayList() {
        assertThat(status(HttpJson.bearer("boss", JwtTokens.TENANT_ADMIN_SCOPE, "acme"))).isEqualTo(403);
        assertThat(status(HttpJson.bearer("bob", null, "acme"))).isEqualTo(403);
        assertThat(status(HttpJson.bearer("feed", JwtTokens.CHANGES_SCOPE, null))).isEqualTo(403);
    }

    @Test
    void anInvalidLimitOrAfterIsAValidationProblem() {
        for (String query : List.of("limit=0", "limit=501", "limit=abc", "limit=", "limit=-1", "after=",
                "after=a%2Fb", "after=" + "x".repeat(129))) {
            HttpResponse<String> answer = http().get("/admin/tenants?" + query);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).as(query)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(HttpJson.json(answer).get("type").asString()).as(query)
                    .isEqualTo("urn:prefs:problem:validation-failed");
        }
    }

    private int status(String authorization) {
        return http().get("/admin/tenants", "Authorization", authorization).statusCode();
    }
}
