package dev.prefs.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceValues;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.layers.LayeredRow;
import dev.prefs.query.layers.UserRow;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionRow;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RowChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Erasing a user from a preferencestats build takes their counted state off the counters and deletes their row; a
 * batch that loaded the user before the erasure and writes after it counts the user as new (the row it updates is
 * gone), so the counters always count exactly the rows there are, and the erasure's second pass leaves them exact
 * without the user.
 */
class PreferenceStatsErasureIT {

    static final TestDatabase DB = TestDatabase.migrated("query_stats_erasure");
    private static final NotificationChannels SMS_ONLY = new NotificationChannels(false, false, true);

    private final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());

    @Test
    void version2StaysExactWhenABatchLoadedTheUserBeforeTheErasureAndWritesAfter() throws SQLException {
        PreferenceStatsV2 v2 = new PreferenceStatsV2(jdbc);
        Build<StatsUserView> build = generation(v2, 2);
        StatsUserView created = new StatsUserView("alice", 1, false, "dark", "en", true, SMS_ONLY);
        build.store().write(List.of(new RowChange<>(null, created),
                new RowChange<>(null, new StatsUserView("bob", 1, false, "dark", "fr", true, SMS_ONLY))));
        StatsUserView loaded = build.store().load(List.of("alice")).get("alice");

        inTransaction(connection -> v2.eraseFrom(connection, build, "alice"));
        assertThat(v2.stats(build, null).total()).isEqualTo(1);
        assertThat(v2.stats(build, null).byLanguage()).isEqualTo(Map.of("fr", 1L));

        // The batch that loaded alice before the erasure writes her change after it.
        StatsUserView changed = new StatsUserView("alice", 2, false, "light", "en", true, SMS_ONLY);
        build.store().write(List.of(new RowChange<>(loaded, changed)));
        PreferenceStats counted = v2.stats(build, null);
        assertThat(counted.total()).isEqualTo(2);
        assertThat(counted.byTheme()).isEqualTo(Map.of("dark", 1L, "light", 1L, "system", 0L));

        inTransaction(connection -> v2.eraseFrom(connection, build, "alice"));
        PreferenceStats after = v2.stats(build, null);
        assertThat(after.total()).isEqualTo(1);
        assertThat(after.byTheme()).isEqualTo(Map.of("dark", 1L, "light", 0L, "system", 0L));
        assertThat(after.byLanguage()).isEqualTo(Map.of("fr", 1L));
        assertThat(after.notifications()).containsEntry("sms", 1L).containsEntry("email", 0L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM preferencestats_v2_counts_g2 WHERE count < 0",
                Long.class)).isZero();
    }

    @Test
    void version3StaysExactWhenABatchLoadedTheUserBeforeTheErasureAndWritesAfter() throws SQLException {
        PreferenceStatsV3 v3 = new PreferenceStatsV3(jdbc);
        Build<LayeredRow> build = generation(v3, 2);
        UserRow created = user("alice", "acme", "dark", 1);
        build.store().write(List.of(new RowChange<>(null, created),
                new RowChange<>(null, user("bob", "acme", null, 1))));
        LayeredRow loaded = build.store().load(List.of("alice")).get("alice");

        inTransaction(connection -> v3.eraseFrom(connection, build, "alice"));
        assertThat(v3.stats(build, "acme").total()).isEqualTo(1);

        build.store().write(List.of(new RowChange<>(loaded, user("alice", "acme", "light", 2))));
        assertThat(v3.stats(build, "acme").total()).isEqualTo(2);
        // bob inherits the built-in dark.
        assertThat(v3.stats(build, "acme").byTheme()).isEqualTo(Map.of("dark", 1L, "light", 1L, "system", 0L));

        inTransaction(connection -> v3.eraseFrom(connection, build, "alice"));
        PreferenceStats after = v3.stats(build, "acme");
        assertThat(after.total()).isEqualTo(1);
        assertThat(after.byTheme()).isEqualTo(Map.of("dark", 1L, "light", 0L, "system", 0L));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM preferencestats_v3_counts_g2 WHERE count < 0",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM preferencestats_v3_users_g2", Long.class)).isEqualTo(1);
    }

    private static UserRow user(String userId, String tenant, String theme, long version) {
        return new UserRow(1, userId, tenant, new PreferenceValues(theme, "en", new ChannelChoices(null, null, true)),
                Instant.EPOCH, Instant.EPOCH, version, false);
    }

    /** What an erasure step does through the erasure's connection. */
    @FunctionalInterface
    private interface Step {
        void run(Connection connection) throws SQLException;
    }

    /** {@code step} in a transaction of its own, as the erasure runs it. */
    private static void inTransaction(Step step) throws SQLException {
        try (Connection connection = DB.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            step.run(connection);
            connection.commit();
        }
    }

    /** A generation of {@code version} with empty tables of its own. */
    private <R extends ProjectionRow> Build<R> generation(ProjectionVersion<R> version, int generation) {
        Build<R> build = new Build<>(version, generation);
        for (int i = 0; i < version.tables().size(); i++) {
            jdbc.execute("CREATE TABLE " + build.tables().get(i) + " (LIKE " + version.tables().get(i)
                         + " INCLUDING ALL)");
        }
        return build;
    }
}
