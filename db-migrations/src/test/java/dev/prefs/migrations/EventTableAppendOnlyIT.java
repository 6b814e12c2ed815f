package dev.prefs.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventTableAppendOnlyIT {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() throws SQLException {
        database = TestDatabase.migrated("append_only");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        payload, payload_type, payload_revision, time_stamp)
                    VALUES ('alice', 0, 'UserPreferences', 'e-1', '{}'::bytea, 'Created', '1', '2026-01-01T00:00:00Z')
                    """);
        }
    }

    @Test
    void updatingAnEventFails() {
        assertThatThrownBy(() -> execute("UPDATE domain_event_entry SET payload_type = 'x'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(payloadTypes()).isEqualTo("Created");
    }

    @Test
    void deletingAnEventFails() {
        assertThatThrownBy(() -> execute("DELETE FROM domain_event_entry"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(payloadTypes()).isEqualTo("Created");
    }

    @Test
    void truncatingTheEventTableFails() {
        assertThatThrownBy(() -> execute("TRUNCATE domain_event_entry"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(payloadTypes()).isEqualTo("Created");
    }

    @Test
    void appendingStillWorks() throws SQLException {
        execute("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    payload, payload_type, payload_revision, time_stamp)
                VALUES ('bob', 0, 'UserPreferences', 'e-2', '{}'::bytea, 'Created', '1', '2026-01-01T00:00:00Z')
                """);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'bob'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String payloadTypes() {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT string_agg(payload_type, ',') FROM domain_event_entry WHERE aggregate_identifier = 'alice'")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
