package dev.prefs.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.EventAppender;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.projection.CommitSignals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The stats projection against counts the test computes itself from the events it wrote. */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class PreferenceStatsIT {

    static final TestDatabase DB = TestDatabase.create("query_stats");
    private static final List<String> THEMES = List.of("dark", "light", "system");
    private static final List<String> LANGUAGES = List.of("en", "en-US", "pt-BR", "fr", "de");

    /** One user's preferences as the test sees them; null when they do not exist. */
    private record State(String theme, String language, NotificationChannels notifications) {
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    CommitSignals signals;
    @LocalServerPort
    int port;

    @Test
    void statsAfterARandomWorkloadEqualTheCountsOfTheFoldedEvents() {
        Random random = new Random(20250301);
        Map<String, State> users = new HashMap<>();
        List<PreferencesEvent> workload = new ArrayList<>();
        while (workload.size() < 2_000) {
            String user = "u" + random.nextInt(300);
            State state = users.get(user);
            PreferencesEvent event = state == null ? create(user, random) : change(user, state, random);
            users.put(user, apply(state, event));
            workload.add(event);
        }
        EventAppender appender = new EventAppender(eventStore, transactionManager);
        for (int from = 0; from < workload.size(); from += 250) {
            appender.appendAll("load", workload.subList(from, from + 250));
        }

        Map<String, Object> expected = expected(users);
        // One segment processes the events in order: once the last event's user is committed, all of them are.
        String last = workload.get(workload.size() - 1).userId();
        HttpJson http = new HttpJson(port);
        Optional<Map<String, Object>> stats = signals.await("preferencestats", last, Duration.ofSeconds(60),
                () -> Optional.of(actual(HttpJson.json(http.get("/api/preferences/stats"))))
                              .filter(expected::equals));

        assertThat(stats).as("stats never matched %s; last answer %s", expected,
                actual(HttpJson.json(http.get("/api/preferences/stats")))).isPresent();
    }

    private static PreferencesEvent create(String user, Random random) {
        return new PreferencesCreatedEvent(user, pick(THEMES, random), pick(LANGUAGES, random), channels(random));
    }

    private static PreferencesEvent change(String user, State state, Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> new ThemeChangedEvent(user, pick(THEMES, random));
            case 3, 4, 5 -> new LanguageChangedEvent(user, pick(LANGUAGES, random));
            case 6, 7 -> new NotificationsChangedEvent(user, channels(random));
            case 8 -> new PreferencesResetEvent(user, "dark", "en", NotificationChannels.DEFAULT);
            default -> new PreferencesDeletedEvent(user);
        };
    }

    private static State apply(State state, PreferencesEvent event) {
        if (event instanceof PreferencesCreatedEvent e) {
            return new State(e.theme(), e.language(), e.notifications().over(NotificationChannels.DEFAULT));
        } else if (event instanceof ThemeChangedEvent e) {
            return new State(e.theme(), state.language(), state.notifications());
        } else if (event instanceof LanguageChangedEvent e) {
            return new State(state.theme(), e.language(), state.notifications());
        } else if (event instanceof NotificationsChangedEvent e) {
            return new State(state.theme(), state.language(), e.notifications().over(NotificationChannels.DEFAULT));
        } else if (event instanceof PreferencesResetEvent e) {
            return new State(e.theme(), e.language(), e.notifications().over(NotificationChannels.DEFAULT));
        }
        return null;
    }

    private static Map<String, Object> expected(Map<String, State> users) {
        Map<String, Long> byTheme = new TreeMap<>();
        THEMES.forEach(theme -> byTheme.put(theme, 0L));
        Map<String, Long> byLanguage = new TreeMap<>();
        long total = 0;
        long notifications = 0;
        Map<String, Long> byChannel = new TreeMap<>(Map.of("email", 0L, "push", 0L, "sms", 0L));
        for (State state : users.values()) {
            if (state != null) {
                total++;
                byTheme.merge(state.theme(), 1L, Long::sum);
                byLanguage.merge(state.language(), 1L, Long::sum);
                notifications += state.notifications().anyOn() ? 1 : 0;
                byChannel.merge("email", state.notifications().email() ? 1L : 0L, Long::sum);
                byChannel.merge("push", state.notifications().push() ? 1L : 0L, Long::sum);
                byChannel.merge("sms", state.notifications().sms() ? 1L : 0L, Long::sum);
            }
        }
        return Map.of("total", total, "byTheme", byTheme, "byLanguage", byLanguage,
                "notificationsEnabled", notifications, "notifications", byChannel);
    }

    private static Map<String, Object> actual(JsonNode body) {
        return Map.of("total", body.get("total").asLong(), "byTheme", counts(body.get("byTheme")),
                "byLanguage", counts(body.get("byLanguage")),
                "notificationsEnabled", body.get("notificationsEnabled").asLong(),
                "notifications", counts(body.get("notifications")));
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new TreeMap<>();
        node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    private static NotificationChannels channels(Random random) {
        return new NotificationChannels(random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
