package dev.prefs.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.NotificationChannels;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.RowChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each preferencestats version object against its own Flyway-made tables (each test in a generation of its own):
 * the counters move by the difference between a user's old and new state, and the answer is in that version's
 * shape.
 */
class PreferenceStatsVersionStorageIT {

    static final TestDatabase DB = TestDatabase.migrated("query_stats_storage");
    private static final NotificationChannels DEFAULT = NotificationChannels.DEFAULT;
    private static final NotificationChannels SMS_ONLY = new NotificationChannels(false, false, true);

    private final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    private final PreferenceStatsV1 v1 = new PreferenceStatsV1(jdbc);
    private final PreferenceStatsV2 v2 = new PreferenceStatsV2(jdbc);

    @Test
    void version2CountsEachChannelAndMovesCountersByTheChange() {
        Build<StatsUserView> build = generation(v2, 2);
        StatsUserView created = user("alice", "dark", "en", DEFAULT, 1);
        StatsUserView changed = user("alice", "light", "en", SMS_ONLY, 3);
        build.store().write(List.of(new RowChange<>(null, created), new RowChange<>(null, user("bob", "dark", "fr",
                DEFAULT, 1))));

        build.store().write(List.of(new RowChange<>(created, changed)));

        PreferenceStats stats = v2.stats(build, null);
        assertThat(stats.total()).isEqualTo(2);
        assertThat(stats.byTheme()).isEqualTo(Map.of("dark", 1L, "light", 1L, "system", 0L));
        assertThat(stats.byLanguage()).isEqualTo(Map.of("en", 1L, "fr", 1L));
        assertThat(stats.notificationsEnabled()).isEqualTo(2);
        assertThat(stats.notifications()).containsExactly(Map.entry("email", 1L), Map.entry("push", 1L),
                Map.entry("sms", 1L));
        assertThat(build.store().load(List.of("alice"))).isEqualTo(Map.of("alice", changed));
    }

    @Test
    void version1CountsTheSwitchAndAnswersWithoutChannels() {
        Build<StatsUserView> build = generation(v1, 3);
        StatsUserView created = user("carol", "system", "de", SMS_ONLY, 1);
        build.store().write(List.of(new RowChange<>(null, created)));
        StatsUserView deleted = new StatsUserView("carol", 2, true, "system", "de", true, SMS_ONLY);

        build.store().write(List.of(new RowChange<>(created, deleted)));
        build.store().write(List.of(new RowChange<>(null, user("dave", "system", "de", SMS_ONLY, 1))));

        PreferenceStats stats = v1.stats(build, null);
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.notificationsEnabled()).isEqualTo(1);
        assertThat(stats.notifications()).isNull();
        assertThat(build.store().load(List.of("carol"))).isEqualTo(Map.of("carol",
                new StatsUserView("carol", 2, true, "system", "de", true, null)));
    }

    /** A generation of {@code version} with empty tables of its own. */
    private Build<StatsUserView> generation(PreferenceStatsVersion version, int generation) {
        Build<StatsUserView> build = new Build<>(version, generation);
        for (int i = 0; i < version.tables().size(); i++) {
            jdbc.execute("CREATE TABLE " + build.tables().get(i) + " (LIKE " + version.tables().get(i)
                         + " INCLUDING ALL)");
        }
        return build;
    }

    private static StatsUserView user(String userId, String theme, String language, NotificationChannels channels,
                                      long version) {
        return new StatsUserView(userId, version, false, theme, language, channels.anyOn(), channels);
    }
}
