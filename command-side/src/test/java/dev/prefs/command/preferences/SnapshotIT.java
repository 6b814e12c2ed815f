package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Long histories are loaded from a snapshot, and the aggregate answers exactly as it would from the events. The
 * aggregate cache is off here, so every command loads from the store.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prefs.command.snapshot-every=10", "prefs.command.aggregate-cache-size=0"})
@TestDatabaseDataSource
class SnapshotIT {

    static final TestDatabase DB = TestDatabase.create("command_snapshots");

    @LocalServerPort
    int port;

    private CommandClient client;

    @BeforeEach
    void setUp() {
        client = new CommandClient(port);
    }

    @Test
    void aLongHistoryIsSnapshottedAndTheSnapshotHoldsTheState() throws SQLException {
        assertThat(client.create("snap-1", "{}").statusCode()).isEqualTo(201);
        for (int i = 0; i < 24; i++) {
            HttpResponse<String> patched = client.patch("snap-1",
                    "{\"theme\": \"" + (i % 2 == 0 ? "light" : "dark") + "\"}");
            assertThat(patched.statusCode()).isEqualTo(200);
        }
        assertThat(snapshotSequence("snap-1")).as("snapshotted, every 10 events").isBetween(9L, 24L);

        // Loaded from the snapshot plus five events: a change to the current value is still recognised as none.
        HttpResponse<String> unchanged = client.patch("snap-1", "{\"theme\": \"dark\", \"language\": null}");
        assertThat(unchanged.statusCode()).isEqualTo(200);
        assertThat(unchanged.headers().firstValue("ETag")).hasValue("\"25\"");

        HttpResponse<String> changed = client.patch("snap-1", "{\"notificationsEnabled\": false}",
                "If-Match", "\"25\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"26\"");
        assertThat(client.create("snap-1", "{}").statusCode()).as("still exists").isEqualTo(409);
    }

    /**
     * Release 2 stored snapshots at revision 2 (every value set, no tenant). A snapshot of another revision than the
     * aggregate's is ignored and the state is folded from the events, which are upcast: this one has today's shape
     * but claims an explicit theme the events never set, so using it would show.
     */
    @Test
    void aSnapshotOfAnotherRevisionIsIgnored() throws SQLException {
        assertThat(client.create("snap-2", "{}").statusCode()).isEqualTo(201);
        assertThat(client.patch("snap-2", "{\"language\": \"de\"}").statusCode()).isEqualTo(200);
        try (Connection connection = DB.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                         meta_data, payload, payload_revision, payload_type, time_stamp)
                     VALUES ('snap-2', 1, 'UserPreferences', 'old-snapshot-snap-2', '{}'::bytea, convert_to(?, 'UTF8'),
                             '2', ?, '2026-11-23T10:00:00Z')""")) {
            statement.setString(1, "{\"userId\":\"snap-2\",\"exists\":true,\"tenantId\":null,\"values\":{\"theme\":"
                                   + "\"light\",\"language\":\"de\",\"notifications\":{\"email\":null,\"push\":null,"
                                   + "\"sms\":null}},\"version\":2}");
            statement.setString(2, UserPreferences.class.getName());
            statement.executeUpdate();
        }

        HttpResponse<String> patched = client.patch("snap-2", "{\"theme\": null}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.headers().firstValue("ETag")).as("no explicit theme, as the events say").hasValue("\"2\"");
    }

    private static long snapshotSequence(String userId) throws SQLException {
        try (Connection connection = DB.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier IN (?, ?)")) {
            // A user's snapshots are stored under the stream's pseudonym, like the events.
            statement.setString(1, StoredEvents.crypto(DB).storedStreamId(userId));
            statement.setString(2, userId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
