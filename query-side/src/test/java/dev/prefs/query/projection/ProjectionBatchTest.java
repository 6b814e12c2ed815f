package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.ThemeChangedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionBatchTest {

    record Row(String userId, long version, String themes) implements ProjectionRow {
    }

    /** Remembers what was asked of it, so the test can count statements. */
    static final class Store implements RowStore<Row> {

        final Map<String, Row> rows = new HashMap<>();
        final List<Collection<String>> loads = new ArrayList<>();
        final List<List<RowChange<Row>>> writes = new ArrayList<>();

        @Override
        public Map<String, Row> load(Collection<String> userIds) {
            loads.add(List.copyOf(userIds));
            Map<String, Row> found = new HashMap<>();
            userIds.stream().filter(rows::containsKey).forEach(id -> found.put(id, rows.get(id)));
            return found;
        }

        @Override
        public void write(List<RowChange<Row>> changes) {
            writes.add(changes);
            changes.forEach(change -> rows.put(change.after().userId(), change.after()));
        }
    }

    private final Store store = new Store();
    private final ProjectionVersion<Row> projection = new ProjectionVersion<>("test", 1, "test_v1",
            (row, event) -> new Row(event.userId(), event.version(),
                    (row == null ? "" : row.themes()) + ((ThemeChangedEvent) event.payload()).theme()),
            tables -> store, 1);

    @Test
    void loadsTheBatchsUsersOnceFoldsPerUserAndWritesOneRowPerUserOnce() {
        store.rows.put("bob", new Row("bob", 1, "a"));
        ProjectionBatch<Row> batch = new ProjectionBatch<>(projection, store, List.of("alice", "bob"));

        batch.apply(event("alice", 0, "x"));
        batch.apply(event("bob", 1, "b"));
        batch.apply(event("alice", 1, "y"));
        batch.flush();

        assertThat(store.loads).containsExactly(List.of("alice", "bob"));
        assertThat(store.writes).hasSize(1);
        assertThat(store.writes.get(0)).containsExactlyInAnyOrder(
                new RowChange<>(null, new Row("alice", 2, "xy")),
                new RowChange<>(new Row("bob", 1, "a"), new Row("bob", 2, "ab")));
        assertThat(batch.written()).extracting(Row::userId).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void aBatchOfEventsTheRowsAlreadyHoldWritesNothing() {
        store.rows.put("bob", new Row("bob", 2, "ab"));
        ProjectionBatch<Row> batch = new ProjectionBatch<>(projection, store, List.of("bob"));

        batch.apply(event("bob", 0, "a"));
        batch.apply(event("bob", 1, "b"));
        batch.flush();

        assertThat(store.writes).isEmpty();
        assertThat(batch.written()).isEmpty();
    }

    @Test
    void aUserTheBatchDidNotAnnounceIsLoadedWhenItsFirstEventComes() {
        ProjectionBatch<Row> batch = new ProjectionBatch<>(projection, store, List.of());

        batch.apply(event("carol", 0, "z"));
        batch.apply(event("carol", 1, "w"));
        batch.flush();

        assertThat(store.loads).containsExactly(List.of(), List.of("carol"));
        assertThat(store.rows.get("carol")).isEqualTo(new Row("carol", 2, "zw"));
    }

    private static ProjectedEvent event(String userId, long sequence, String theme) {
        return new ProjectedEvent(userId, sequence, 0, Instant.EPOCH, new ThemeChangedEvent(userId, theme));
    }
}
