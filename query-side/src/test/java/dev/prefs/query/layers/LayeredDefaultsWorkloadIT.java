package dev.prefs.query.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.PrefsEvent;
import dev.prefs.events.Resolution;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A random workload of users, tenants' and system defaults, moves between tenants, enforcement on and off, resets and
 * deletes, appended straight to the event store; then every user's effective values and sources (as the list and the
 * GET answer them), the list's filters and the stats, in total and per tenant, must equal what this test folds from
 * the same events by its own code (not the service's resolution rule, except where the SQL filters are compared
 * with it).
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class LayeredDefaultsWorkloadIT {

    static final TestDatabase DB = TestDatabase.create("query_layered_workload");
    static final List<String> THEMES = List.of("dark", "light", "system");
    static final List<String> LANGUAGES = List.of("en", "en-US", "pt-BR", "fr");
    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
    /** The fields by wire name, in the order the test keeps them. */
    static final List<String> FIELDS = List.of("theme", "language", "notifications.email", "notifications.push",
            "notifications.sms");

    /** A user as this test folds them: tenant, explicit values by field name (absent: inherits). */
    record User(String tenant, Map<String, Object> explicit, boolean deleted) {
    }

    /** A tenant's layer as this test folds it. */
    record Tenant(Map<String, Object> defaults, Set<String> enforced) {
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @LocalServerPort
    int port;

    final Random random = new Random(20261201);
    final Map<String, User> users = new TreeMap<>();
    final Map<String, Tenant> tenants = new HashMap<>();
    final Map<String, Object> system = new HashMap<>(Map.of("theme", "dark", "language", "en",
            "notifications.email", true, "notifications.push", true, "notifications.sms", false));

    @Test
    void everyUsersEffectiveValuesSourcesFiltersAndStatsEqualTheTestsOwnFold() {
        EventAppender appender = new EventAppender(eventStore, transactionManager);
        List<PrefsEvent> batch = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            batch.add(next());
            if (batch.size() == 100) {
                appender.appendAll("load", batch);
                batch.clear();
            }
        }
        // The last events change layers, so the reads must resolve defaults changed after the users' last events.
        batch.add(tenantChange("acme"));
        batch.add(systemChange());
        appender.appendAll("load", batch);

        HttpJson http = new HttpJson(port);
        Map<String, Map<String, Object>> expected = expectedItems(u -> true);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(listed(http, "")).isEqualTo(expected));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(stats(http, "")).isEqualTo(expectedStats(null)));

        for (String tenant : TENANTS) {
            assertThat(listed(http, "tenantId=" + tenant)).isEqualTo(expectedItems(u -> tenant.equals(u.tenant())));
            assertThat(stats(http, "?tenantId=" + tenant)).isEqualTo(expectedStats(tenant));
        }
        assertThat(stats(http, "?tenantId=nobody").get("total")).isEqualTo(0L);

        // The SQL filters against the one rule in Java, user by user.
        for (String theme : THEMES) {
            assertThat(listed(http, "theme=" + theme).keySet())
                    .isEqualTo(byRule(values -> theme.equals(values.theme())));
        }
        for (String language : LANGUAGES) {
            assertThat(listed(http, "language=" + language).keySet())
                    .isEqualTo(byRule(values -> language.equals(values.language())));
        }
        for (boolean enabled : new boolean[] {true, false}) {
            assertThat(listed(http, "notificationsEnabled=" + enabled).keySet()).isEqualTo(byRule(values ->
                    enabled == (values.notifications().email() || values.notifications().push()
                                || values.notifications().sms())));
        }
        SortedSet<String> acmeLight = byRule(values -> "light".equals(values.theme()));
        acmeLight.removeIf(user -> !"acme".equals(users.get(user).tenant()));
        assertThat(listed(http, "tenantId=acme&theme=light").keySet()).isEqualTo(acmeLight);

        // One GET per existing user: the same values, and an ETag of the user's, the tenant's and the system's
        // versions and the read model's.
        for (var entry : expected.entrySet()) {
            var answer = http.get("/api/users/" + entry.getKey() + "/preferences");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(item(HttpJson.json(answer))).isEqualTo(entry.getValue());
            assertThat(answer.headers().firstValue("ETag").orElseThrow()).matches("\"\\d+\\.\\d+\\.\\d+\\.3\"");
        }
    }

    private PrefsEvent next() {
        int pick = random.nextInt(100);
        if (pick < 4) {
            return tenantChange(pick(TENANTS));
        }
        if (pick < 6) {
            return systemChange();
        }
        String user = "u" + random.nextInt(250);
        User state = users.get(user);
        if (state == null || state.deleted()) {
            String tenant = random.nextInt(4) == 0 ? null : pick(TENANTS);
            Map<String, Object> explicit = randomValues(2);
            users.put(user, new User(tenant, explicit, false));
            return new PreferencesCreatedEvent(user, tenant, (String) explicit.get("theme"),
                    (String) explicit.get("language"), choices(explicit));
        }
        Map<String, Object> explicit = new HashMap<>(state.explicit());
        switch (random.nextInt(12)) {
            case 0, 1, 2 -> {
                String theme = random.nextInt(3) == 0 ? null : pick(THEMES);
                put(explicit, "theme", theme);
                users.put(user, new User(state.tenant(), explicit, false));
                return new ThemeChangedEvent(user, theme);
            }
            case 3, 4 -> {
                String language = random.nextInt(3) == 0 ? null : pick(LANGUAGES);
                put(explicit, "language", language);
                users.put(user, new User(state.tenant(), explicit, false));
                return new LanguageChangedEvent(user, language);
            }
            case 5, 6 -> {
                Map<String, Object> channels = randomValues(2);
                for (String field : FIELDS.subList(2, 5)) {
                    put(explicit, field, channels.get(field));
                }
                users.put(user, new User(state.tenant(), explicit, false));
                return new NotificationsChangedEvent(user, choices(channels));
            }
            case 7 -> {
                users.put(user, new User(state.tenant(), Map.of(), false));
                return PreferencesResetEvent.clearing(user);
            }
            case 8, 9 -> {
                String tenant = random.nextInt(4) == 0 ? null : pick(TENANTS);
                users.put(user, new User(tenant, explicit, false));
                return new PreferencesMovedEvent(user, tenant);
            }
            default -> {
                users.put(user, new User(state.tenant(), explicit, true));
                return new PreferencesDeletedEvent(user);
            }
        }
    }

    /** A tenant's new layer: random defaults, and enforcement of some of the fields it sets (on and off). */
    private PrefsEvent tenantChange(String tenant) {
        Map<String, Object> defaults = randomValues(2);
        Set<String> enforced = new HashSet<>();
        for (String field : defaults.keySet()) {
            if (random.nextInt(3) == 0) {
                enforced.add(field);
            }
        }
        tenants.put(tenant, new Tenant(defaults, enforced));
        Set<PreferenceField> fields = EnumSet.noneOf(PreferenceField.class);
        enforced.forEach(field -> fields.add(PreferenceField.fromWire(field)));
        return new TenantDefaultsChangedEvent(tenant, values(defaults), fields);
    }

    private PrefsEvent systemChange() {
        system.put("theme", pick(THEMES));
        system.put("language", pick(LANGUAGES));
        for (String field : FIELDS.subList(2, 5)) {
            system.put(field, random.nextBoolean());
        }
        return new SystemDefaultsChangedEvent(values(system));
    }

    /** Each field set with probability 1 in {@code oneIn}. */
    private Map<String, Object> randomValues(int oneIn) {
        Map<String, Object> values = new HashMap<>();
        if (random.nextInt(oneIn) == 0) {
            values.put("theme", pick(THEMES));
        }
        if (random.nextInt(oneIn) == 0) {
            values.put("language", pick(LANGUAGES));
        }
        for (String field : FIELDS.subList(2, 5)) {
            if (random.nextInt(oneIn) == 0) {
                values.put(field, random.nextBoolean());
            }
        }
        return values;
    }

    private static void put(Map<String, Object> values, String field, Object value) {
        if (value == null) {
            values.remove(field);
        } else {
            values.put(field, value);
        }
    }

    private static ChannelChoices choices(Map<String, Object> values) {
        return new ChannelChoices((Boolean) values.get("notifications.email"),
                (Boolean) values.get("notifications.push"), (Boolean) values.get("notifications.sms"));
    }

    private static PreferenceValues values(Map<String, Object> values) {
        return new PreferenceValues((String) values.get("theme"), (String) values.get("language"), choices(values));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The test's own rule: enforced tenant value, else explicit, else tenant default, else system. */
    private Object[] effective(User user, String field) {
        Tenant tenant = user.tenant() == null ? null : tenants.get(user.tenant());
        if (tenant != null && tenant.enforced().contains(field) && tenant.defaults().containsKey(field)) {
            return new Object[] {tenant.defaults().get(field), "tenant-enforced"};
        }
        if (user.explicit().containsKey(field)) {
            return new Object[] {user.explicit().get(field), "user"};
        }
        if (tenant != null && tenant.defaults().containsKey(field)) {
            return new Object[] {tenant.defaults().get(field), "tenant"};
        }
        return new Object[] {system.get(field), "system"};
    }

    /** Each existing user matching {@code which}: their answer as {@link #item} reduces it. */
    private Map<String, Map<String, Object>> expectedItems(Predicate<User> which) {
        Map<String, Map<String, Object>> items = new TreeMap<>();
        users.forEach((id, user) -> {
            if (!user.deleted() && which.test(user)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("tenantId", user.tenant());
                Map<String, Object> sources = new LinkedHashMap<>();
                for (String field : FIELDS) {
                    Object[] resolved = effective(user, field);
                    item.put(field, resolved[0]);
                    sources.put(field, resolved[1]);
                }
                item.put("notificationsEnabled", (Boolean) item.get("notifications.email")
                        || (Boolean) item.get("notifications.push") || (Boolean) item.get("notifications.sms"));
                item.put("sources", sources);
                items.put(id, item);
            }
        });
        return items;
    }

    /** The existing users whose effective values (by {@link Resolution}) satisfy {@code test}. */
    private SortedSet<String> byRule(Predicate<PreferenceValues> test) {
        SortedSet<String> ids = new TreeSet<>();
        users.forEach((id, user) -> {
            if (user.deleted()) {
                return;
            }
            Tenant tenant = user.tenant() == null ? null : tenants.get(user.tenant());
            Set<PreferenceField> enforced = EnumSet.noneOf(PreferenceField.class);
            if (tenant != null) {
                tenant.enforced().forEach(field -> enforced.add(PreferenceField.fromWire(field)));
            }
            PreferenceValues values = Resolution.effective(values(system),
                    tenant == null ? PreferenceValues.NONE : values(tenant.defaults()), enforced,
                    values(user.explicit()));
            if (test.test(values)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private Map<String, Object> expectedStats(String tenant) {
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Long> themes = new TreeMap<>();
        THEMES.forEach(theme -> themes.put(theme, 0L));
        Map<String, Long> languages = new TreeMap<>();
        Map<String, Long> channels = new TreeMap<>(Map.of("email", 0L, "push", 0L, "sms", 0L));
        long total = 0;
        long enabled = 0;
        for (User user : users.values()) {
            if (user.deleted() || tenant != null && !tenant.equals(user.tenant())) {
                continue;
            }
            total++;
            themes.merge((String) effective(user, "theme")[0], 1L, Long::sum);
            languages.merge((String) effective(user, "language")[0], 1L, Long::sum);
            boolean any = false;
            for (String channel : List.of("email", "push", "sms")) {
                if ((Boolean) effective(user, "notifications." + channel)[0]) {
                    channels.merge(channel, 1L, Long::sum);
                    any = true;
                }
            }
            enabled += any ? 1 : 0;
        }
        stats.put("total", total);
        stats.put("byTheme", themes);
        stats.put("byLanguage", languages);
        stats.put("notificationsEnabled", enabled);
        stats.put("notifications", channels);
        return stats;
    }

    private static Map<String, Object> stats(HttpJson http, String query) {
        var answer = http.get("/api/preferences/stats" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode json = HttpJson.json(answer);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total", json.get("total").asLong());
        stats.put("byTheme", counts(json.get("byTheme")));
        stats.put("byLanguage", counts(json.get("byLanguage")));
        stats.put("notificationsEnabled", json.get("notificationsEnabled").asLong());
        stats.put("notifications", counts(json.get("notifications")));
        return stats;
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new TreeMap<>();
        node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    /** Every page of the list with {@code query}: each item reduced by {@link #item}. */
    private static Map<String, Map<String, Object>> listed(HttpJson http, String query) {
        Map<String, Map<String, Object>> items = new TreeMap<>();
        String after = null;
        do {
            String path = "/api/preferences?limit=500" + (query.isEmpty() ? "" : "&" + query)
                          + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            var answer = http.get(path);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode page = HttpJson.json(answer);
            for (JsonNode item : page.get("items")) {
                items.put(item.get("userId").asString(), item(item));
            }
            after = page.get("next").isNull() ? null : page.get("next").asString();
        } while (after != null);
        return items;
    }

    private static Map<String, Object> item(JsonNode json) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("tenantId", json.get("tenantId").isNull() ? null : json.get("tenantId").asString());
        item.put("theme", json.get("theme").asString());
        item.put("language", json.get("language").asString());
        for (String channel : List.of("email", "push", "sms")) {
            item.put("notifications." + channel, json.get("notifications").get(channel).asBoolean());
        }
        item.put("notificationsEnabled", json.get("notificationsEnabled").asBoolean());
        Map<String, Object> sources = new LinkedHashMap<>();
        for (String field : FIELDS) {
            sources.put(field, json.get("sources").get(field).asString());
        }
        item.put("sources", sources);
        return item;
    }
}
