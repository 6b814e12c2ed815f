package dev.prefs.query.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.ProjectionRuntime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The batch driver the bulk phase of a rebuild shares with live processing ({@link ProjectionRuntime#process}),
 * on a generation of preferencestats version 2 that no processor follows: it loads the users' rows before folding
 * (so counters stay right when a user is already there), parks a failing user's events in the build's own
 * dead-letter queue, and commits the rows, the letters and the caller's work together or not at all.
 */
@SpringBootTest(classes = QuerySideApplication.class)
@TestDatabaseDataSource
class ProjectionBatchDriverIT {

    static final TestDatabase DB = TestDatabase.migrated("query_batch_driver");
    /** Each test projects into a generation of its own, so the counters are its own. */
    private static final AtomicInteger GENERATIONS = new AtomicInteger(10);

    @Autowired
    ProjectionRuntime runtime;
    @Autowired
    PreferenceStatsV2 v2;
    @Autowired
    JdbcTemplate jdbc;
    private Build<StatsUserView> build;
    private long index = 1_000;

    @BeforeEach
    void tables() {
        build = new Build<>(v2, GENERATIONS.incrementAndGet());
        for (int i = 0; i < v2.tables().size(); i++) {
            jdbc.execute("CREATE TABLE " + build.tables().get(i) + " (LIKE " + v2.tables().get(i) + " INCLUDING ALL)");
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS driver_marks (mark TEXT)");
    }

    @Test
    void aUserAlreadyInTheTargetIsLoadedSoTheCountersMoveRatherThanCountItTwice() {
        runtime.process(build, List.of(event("dave", 0, created("dave", "dark"))), () -> { });

        runtime.process(build, List.of(event("dave", 0, created("dave", "dark")),
                event("dave", 1, new ThemeChangedEvent("dave", "light"))), () -> { });

        PreferenceStats stats = v2.stats(build, null);
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.byTheme()).containsEntry("dark", 0L).containsEntry("light", 1L);
    }

    @Test
    void aFailingUsersEventsFromTheFailingOneOnAreParkedInTheBuildsDeadLetterQueue() {
        runtime.process(build, List.of(event("erin", 0, created("erin", "dark")),
                event("ghost", 0, new ThemeChangedEvent("ghost", "light")),
                event("ghost", 1, new ThemeChangedEvent("ghost", "dark")),
                event("erin", 1, new ThemeChangedEvent("erin", "system"))), () -> { });

        assertThat(build.store().load(List.of("erin", "ghost"))).containsOnlyKeys("erin");
        assertThat(build.store().load(List.of("erin")).get("erin").theme()).isEqualTo("system");
        assertThat(jdbc.queryForList("""
                SELECT sequence_number, cause_message FROM dead_letter_entry
                WHERE processing_group = ? AND sequence_identifier = 'ghost' ORDER BY sequence_index""",
                build.processingGroup())).extracting(row -> row.get("sequence_number"), row -> row.get("cause_message")
                        != null && row.get("cause_message").toString().contains("they do not exist"))
                .containsExactly(tuple(0L, true), tuple(1L, false));
    }

    @Test
    void whenTheCallersWorkFailsNeitherRowsNorDeadLettersAreKept() {
        RuntimeException refused = new IllegalStateException("checkpoint refused");

        assertThatThrownBy(() -> runtime.process(build, List.of(event("frank", 0, created("frank", "dark")),
                event("phantom", 0, new ThemeChangedEvent("phantom", "light"))), () -> {
                    throw refused;
                })).isSameAs(refused);

        assertThat(build.store().load(List.of("frank", "phantom"))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?"
                                       + " AND sequence_identifier = 'phantom'", Long.class,
                build.processingGroup())).isZero();
    }

    @Test
    void theCallersWorkCommitsWithTheRows() {
        runtime.process(build, List.of(event("gina", 0, created("gina", "dark"))),
                () -> jdbc.update("INSERT INTO driver_marks VALUES ('gina')"));

        assertThat(build.store().load(List.of("gina"))).containsOnlyKeys("gina");
        assertThat(jdbc.queryForList("SELECT mark FROM driver_marks", String.class)).containsExactly("gina");
    }

    private static PreferencesCreatedEvent created(String userId, String theme) {
        return new PreferencesCreatedEvent(userId, theme, "en", NotificationChannels.DEFAULT);
    }

    private TrackedEventMessage<?> event(String userId, long sequence, PreferencesEvent payload) {
        index++;
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(index),
                new GenericDomainEventMessage<>("UserPreferences", userId, sequence, payload, Map.of(),
                        UUID.randomUUID().toString(), Instant.parse("2025-03-01T00:00:00Z").plusSeconds(index)));
    }
}
