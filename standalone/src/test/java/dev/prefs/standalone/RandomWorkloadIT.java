package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole product through its public API: a random workload of commands against the standalone process, then
 * every read model is compared with a fold of the stored events that this test computes itself.
 */
class RandomWorkloadIT {

    private static final int COMMANDS = 2_000;
    private static final int USERS = 60;
    private static final String[] THEMES = {"dark", "light", "system"};
    private static final String[] LANGUAGES = {"en", "de", "pt-br", "en-us", "fr-CA"};
    private static final String[] CHANNELS = {"email", "push", "sms"};

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static Http http;

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void readModelsEqualTheFoldOfTheEventsAfterARandomWorkload() {
        Random random = new Random(20261123);
        Map<String, Long> lastVersion = new HashMap<>();
        for (int i = 0; i < COMMANDS; i++) {
            String user = "rw-" + random.nextInt(USERS);
            HttpResponse<String> answer = randomCommand(random, user);
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201, 204, 404, 409);
            if (answer.statusCode() == 200 || answer.statusCode() == 201) {
                lastVersion.put(user, Http.json(answer).get("version").asLong());
            }
        }

        Map<String, Prefs> expected = foldStoredEvents();
        assertThat(expected).isNotEmpty();
        for (int u = 0; u < USERS; u++) {
            String user = "rw-" + u;
            Prefs prefs = expected.get(user);
            long minVersion = lastVersion.getOrDefault(user, 0L);
            HttpResponse<String> read = http.get("/api/users/" + user + "/preferences?minVersion=" + minVersion);
            if (prefs == null) {
                assertThat(read.statusCode()).as(user).isEqualTo(404);
                continue;
            }
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode body = Http.json(read);
            assertThat(body.get("theme").asString()).as(user).isEqualTo(prefs.theme);
            assertThat(body.get("language").asString()).as(user).isEqualTo(prefs.language);
            assertThat(body.get("notificationsEnabled").asBoolean()).as(user).isEqualTo(prefs.notifications.anyOn());
            assertThat(body.get("notifications").get("email").asBoolean()).as(user)
                    .isEqualTo(prefs.notifications.email());
            assertThat(body.get("notifications").get("push").asBoolean()).as(user).isEqualTo(prefs.notifications.push());
            assertThat(body.get("notifications").get("sms").asBoolean()).as(user).isEqualTo(prefs.notifications.sms());
        }
        assertStatsEventuallyEqual(expected);
    }

    private static HttpResponse<String> randomCommand(Random random, String user) {
        String path = "/api/users/" + user + "/preferences";
        int kind = random.nextInt(20);
        if (kind < 3) {
            return http.send("POST", path, "{\"theme\":\"" + pick(random, THEMES) + "\"}");
        } else if (kind < 4) {
            return http.send("DELETE", path, null);
        } else if (kind < 5) {
            return http.send("POST", path + "/reset", null);
        }
        return http.send("PATCH", path, switch (random.nextInt(4)) {
            case 0 -> "{\"theme\":\"" + pick(random, THEMES) + "\"}";
            case 1 -> "{\"language\":\"" + pick(random, LANGUAGES) + "\"}";
            case 2 -> "{\"notificationsEnabled\":" + random.nextBoolean() + "}";
            default -> "{\"notifications\":{\"" + pick(random, CHANNELS) + "\":" + random.nextBoolean() + "}}";
        });
    }

    /** The preferences of every existing user, folded here from the event store, independently of the projections. */
    private static Map<String, Prefs> foldStoredEvents() {
        EventStore eventStore = app.getBean(EventStore.class);
        Map<String, Prefs> prefs = new TreeMap<>();
        for (int u = 0; u < USERS; u++) {
            String user = "rw-" + u;
            Prefs current = null;
            List<? extends DomainEventMessage<?>> events = eventStore.readEvents(user).asStream().toList();
            for (DomainEventMessage<?> event : events) {
                current = fold(current, event.getPayload());
            }
            if (current != null) {
                prefs.put(user, current);
            }
        }
        return prefs;
    }

    /**
     * The workload has no tenants and never changes the system defaults, so a value a user does not hold explicitly
     * (null in the event) is the built-in default.
     */
    private static Prefs fold(Prefs current, Object event) {
        if (event instanceof PreferencesCreatedEvent e) {
            return new Prefs(theme(e.theme()), language(e.language()), channels(e.notifications()));
        } else if (event instanceof ThemeChangedEvent e) {
            return new Prefs(theme(e.theme()), current.language, current.notifications);
        } else if (event instanceof LanguageChangedEvent e) {
            return new Prefs(current.theme, language(e.language()), current.notifications);
        } else if (event instanceof NotificationsChangedEvent e) {
            return new Prefs(current.theme, current.language, channels(e.notifications()));
        } else if (event instanceof PreferencesResetEvent e) {
            return new Prefs(theme(e.theme()), language(e.language()), channels(e.notifications()));
        } else if (event instanceof PreferencesDeletedEvent) {
            return null;
        }
        throw new IllegalStateException("unexpected event " + event);
    }

    private static String theme(String explicit) {
        return explicit != null ? explicit : "dark";
    }

    private static String language(String explicit) {
        return explicit != null ? explicit : "en";
    }

    private static NotificationChannels channels(ChannelChoices explicit) {
        return new NotificationChannels(explicit.email() != null ? explicit.email() : true,
                explicit.push() != null ? explicit.push() : true, explicit.sms() != null ? explicit.sms() : false);
    }

    private static void assertStatsEventuallyEqual(Map<String, Prefs> expected) {
        Map<String, Long> byTheme = new TreeMap<>();
        Map<String, Long> byLanguage = new TreeMap<>();
        for (String theme : THEMES) {
            byTheme.put(theme, 0L);
        }
        expected.values().forEach(p -> {
            byTheme.merge(p.theme, 1L, Long::sum);
            byLanguage.merge(p.language, 1L, Long::sum);
        });
        long notifications = expected.values().stream().filter(p -> p.notifications.anyOn()).count();
        Map<String, Long> byChannel = new TreeMap<>(Map.of(
                "email", expected.values().stream().filter(p -> p.notifications.email()).count(),
                "push", expected.values().stream().filter(p -> p.notifications.push()).count(),
                "sms", expected.values().stream().filter(p -> p.notifications.sms()).count()));

        // The stats projection commits asynchronously: look again shortly, until the deadline.
        await("the stats to count the workload's " + expected.size() + " users").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                    JsonNode stats = Http.json(http.get("/api/preferences/stats"));
                    assertThat(stats.get("total").asLong()).isEqualTo(expected.size());
                    assertThat(counts(stats.get("byTheme"))).isEqualTo(byTheme);
                    assertThat(counts(stats.get("byLanguage"))).isEqualTo(byLanguage);
                    assertThat(stats.get("notificationsEnabled").asLong()).isEqualTo(notifications);
                    assertThat(counts(stats.get("notifications"))).isEqualTo(byChannel);
                });
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new TreeMap<>();
        node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private record Prefs(String theme, String language, NotificationChannels notifications) {
    }
}
