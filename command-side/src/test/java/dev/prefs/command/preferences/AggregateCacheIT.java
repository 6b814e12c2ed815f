package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.crypto.PersonalDataErasure;
import dev.prefs.platform.crypto.PersonalDataKeys;
import java.net.http.HttpResponse;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the aggregate cache on, a command uses the cached aggregate only while the store agrees with it: after
 * another process appended to the stream, or after the user was erased (which appends by JDBC, outside any
 * aggregate), the command works on what the store holds.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "prefs.command.aggregate-cache-size=100")
@TestDatabaseDataSource
class AggregateCacheIT {

    static final TestDatabase DB = TestDatabase.create("command_aggregate_cache");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier(UserPreferencesCache.CACHE)
    Cache cache;

    @Autowired
    PersonalDataKeys keys;

    private CommandClient client;
    private final StoredEvents events = new StoredEvents(DB);

    @BeforeEach
    void setUp() {
        client = new CommandClient(port);
    }

    @Test
    void aCachedAggregateAnswersAsTheStoredOneWould() {
        String user = "cached-1";
        assertThat(client.create(user, "{}").statusCode()).isEqualTo(201);
        assertThat(client.patch(user, "{\"theme\": \"dark\"}").statusCode()).isEqualTo(200);
        assertThat((Object) cache.get(user)).as("the aggregate is cached after the command").isNotNull();

        HttpResponse<String> unchanged = client.patch(user, "{\"theme\": \"dark\"}", "If-Match", "\"2\"");
        assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);
        assertThat(unchanged.headers().firstValue("ETag")).hasValue("\"2\"");
        HttpResponse<String> changed = client.patch(user, "{\"language\": \"de\"}", "If-Match", "\"2\"");
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(client.patch(user, "{\"language\": \"fr\"}", "If-Match", "\"2\"").statusCode())
                .as("the cached version is the stored one").isEqualTo(412);
        assertThat(events.types(user))
                .containsExactly("PreferencesCreatedEvent", "ThemeChangedEvent", "LanguageChangedEvent");
    }

    @Test
    void afterAnotherProcessAppendedTheCommandWorksOnTheStoredStream() throws Exception {
        String user = "cached-2";
        assertThat(client.create(user, "{}").statusCode()).isEqualTo(201);
        assertThat(client.patch(user, "{\"theme\": \"dark\"}").statusCode()).isEqualTo(200);
        assertThat((Object) cache.get(user)).as("the aggregate is cached after the command").isNotNull();

        StoredEvents.appendAsAnotherProcess(DB, user);

        // A stale aggregate would be at version 2 and refuse If-Match 3.
        HttpResponse<String> patched = client.patch(user, "{\"language\": \"de\"}", "If-Match", "\"3\"");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(patched.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(events.types(user)).containsExactly("PreferencesCreatedEvent", "ThemeChangedEvent",
                "ThemeChangedEvent", "LanguageChangedEvent");
    }

    @Test
    void afterTheErasureTheCachedAggregateIsNotWrittenAgain() throws Exception {
        String user = "cached-3";
        assertThat(client.create(user, "{\"language\": \"de\"}").statusCode()).isEqualTo(201);
        assertThat(client.patch(user, "{\"theme\": \"dark\"}").statusCode()).isEqualTo(200);
        assertThat((Object) cache.get(user)).as("the aggregate is cached after the command").isNotNull();

        assertThat(new PersonalDataErasure(DB.dataSource(), keys, List.of()).erase(user)).isPresent();

        // A stale aggregate would still exist, with the erased values, and append to the user's new stream.
        HttpResponse<String> patched = client.patch(user, "{\"theme\": \"light\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(404);
        assertThat(events.of(user)).as("the user's new stream").isEmpty();
    }
}
