package dev.prefs.query.personaldata;

import dev.prefs.platform.crypto.ErasureStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What the projections keep of a user outside their builds' tables (those are each version's own step): the dead
 * letters their processors parked (the platform's erasure deletes those it finds; a processor that decoded an event
 * before the key was deleted may park it after, so the second pass deletes them again), and a finished bulk phase's
 * checkpoint that names the user in clear (a rebuild that ran before the events were encrypted).
 */
final class ProjectionLeftovers implements ErasureStep {

    @Override
    public void erase(Connection connection, String userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM dead_letter_entry WHERE sequence_identifier = ? OR aggregate_identifier = ?")) {
            statement.setString(1, userId);
            statement.setString(2, userId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE projection_registry SET bulk_checkpoint = NULL"
                + " WHERE bulk_checkpoint = ? AND bulk_finished_at IS NOT NULL")) {
            statement.setString(1, userId);
            statement.executeUpdate();
        }
    }
}
