package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.NotificationChannels;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionRow;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each userpreferences version object against its own Flyway-made table: what its processors write is what its
 * reads give back, in that version's shape, from the table of the build asked for.
 */
class UserPreferencesVersionStorageIT {

    static final TestDatabase DB = TestDatabase.migrated("query_userpreferences_storage");
    private static final Instant CREATED = Instant.parse("2025-02-01T10:00:00.123456Z");
    private static final Instant UPDATED = Instant.parse("2025-02-03T11:30:00Z");
    private static final NotificationChannels SMS_ONLY = new NotificationChannels(false, false, true);
    private static final NotificationChannels NONE = new NotificationChannels(false, false, false);
    private static final AtomicLong IDS = new AtomicLong();

    private final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    private final UserPreferencesV1 v1 = new UserPreferencesV1(jdbc);
    private final UserPreferencesV2 v2 = new UserPreferencesV2(jdbc);

    @Test
    void version2KeepsTheChannelsAndReadsBackWhatItWrote() {
        Build<UserPreferencesView> build = new Build<>(v2, 1);
        UserPreferencesView row = row("v2-alice", SMS_ONLY);

        build.store().write(List.of(new RowChange<>(null, row)));

        assertThat(build.store().load(List.of("v2-alice", "v2-nobody"))).isEqualTo(Map.of("v2-alice", row));
        assertThat(v2.reads(build).find("v2-alice")).contains(row);
        assertThat(jdbc.queryForObject("SELECT notifications_enabled FROM userpreferences_v2 WHERE user_id = ?",
                Boolean.class, "v2-alice")).isTrue();
    }

    @Test
    void version1KeepsOnlyTheSwitchSoItsRowsReadBackWithoutChannels() {
        Build<UserPreferencesView> build = new Build<>(v1, 1);

        UserPreferencesView row = row("v1-bob", SMS_ONLY);
        build.store().write(List.of(new RowChange<>(null, row)));

        UserPreferencesView switchOnly = new UserPreferencesView(row.id(), "v1-bob", "dark", "fr", true, null, CREATED,
                UPDATED, 4, false);
        assertThat(v1.reads(build).find("v1-bob")).contains(switchOnly);
        assertThat(build.store().load(List.of("v1-bob"))).isEqualTo(Map.of("v1-bob", switchOnly));
    }

    @Test
    void aLaterGenerationWritesAndReadsItsOwnTableOnly() {
        jdbc.execute("CREATE TABLE userpreferences_v2_g9 (LIKE userpreferences_v2 INCLUDING ALL)");
        Build<UserPreferencesView> ninth = new Build<>(v2, 9);
        UserPreferencesView row = row("g9-carol", NONE);

        ninth.store().write(List.of(new RowChange<>(null, row)));

        assertThat(v2.reads(ninth).find("g9-carol")).contains(row);
        assertThat(v2.reads(new Build<>(v2, 1)).find("g9-carol")).isEmpty();
    }

    @Test
    void everyVersionListsByTheSwitch() {
        for (UserPreferencesVersion version : List.of(v1, v2)) {
            Build<UserPreferencesView> build = new Build<>(version, 1);
            String prefix = "list-" + version.version() + "-";
            build.store().write(List.of(new RowChange<>(null, row(prefix + "on", SMS_ONLY)),
                    new RowChange<>(null, row(prefix + "off", NONE))));
            PreferencesFilter off = new PreferencesFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));

            assertThat(version.reads(build).page(off, prefix, 10)).extracting(UserPreferencesView::userId)
                    .as("version %d", version.version()).containsExactly(prefix + "off");
        }
    }

    @Test
    void onlyAUserPreferencesVersionServesTheseReads() {
        ProjectionVersion<ProjectionRow> other = new ProjectionVersion<>("other", 1, "other_v1", (row, event) -> row,
                tables -> (RowStore<ProjectionRow>) null, 1);

        assertThat(UserPreferencesReadModel.of(new Build<>(v2, 3))).isSameAs(v2);
        assertThatThrownBy(() -> UserPreferencesReadModel.of(new Build<>(other, 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A row of its own id (the tables' primary key) for {@code userId}. */
    private static UserPreferencesView row(String userId, NotificationChannels channels) {
        return new UserPreferencesView(IDS.incrementAndGet(), userId, "dark", "fr", channels.anyOn(), channels, CREATED, UPDATED, 4,
                false);
    }
}
