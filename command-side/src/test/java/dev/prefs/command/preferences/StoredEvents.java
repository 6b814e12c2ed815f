package dev.prefs.command.preferences;

import dev.prefs.migrations.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the event store holds for one aggregate (a user, a layer), read straight from {@code domain_event_entry}. */
public final class StoredEvents {

    /** One stored event: its simple payload type, payload JSON and metadata JSON. */
    public record Row(long sequence, String type, String payload, String metaData) {
    }

    private final TestDatabase database;

    public StoredEvents(TestDatabase database) {
        this.database = database;
    }

    public int count(String userId) {
        return of(userId).size();
    }

    public List<String> types(String userId) {
        return of(userId).stream().map(Row::type).toList();
    }

    public List<Row> of(String userId) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT sequence_number, payload_type, payload, meta_data FROM domain_event_entry
                     WHERE aggregate_identifier = ? ORDER BY sequence_number""")) {
            statement.setString(1, userId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String type = result.getString(2);
                    rows.add(new Row(result.getLong(1), type.substring(type.lastIndexOf('.') + 1),
                            new String(result.getBytes(3), StandardCharsets.UTF_8),
                            new String(result.getBytes(4), StandardCharsets.UTF_8)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
