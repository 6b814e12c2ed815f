package dev.prefs.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows one unit of work of one build of a projection version is folding: loaded in one query for every user in the batch,
 * folded event by event in memory, and written in one go before the transaction (which also stores the token)
 * commits. Folding per user first is also what keeps a multi-row upsert from touching one key twice.
 */
final class ProjectionBatch<R extends ProjectionRow> {

    private final ProjectionVersion<R> projection;
    private final RowStore<R> store;
    private final Set<String> loadedUsers;
    private final Map<String, R> before;
    private final Map<String, R> after = new LinkedHashMap<>();
    private List<R> written = List.of();

    ProjectionBatch(ProjectionVersion<R> projection, RowStore<R> store, Collection<String> userIds) {
        this.projection = projection;
        this.store = store;
        this.loadedUsers = new HashSet<>(userIds);
        this.before = new HashMap<>(store.load(userIds));
    }

    void apply(ProjectedEvent event) {
        String userId = event.userId();
        if (loadedUsers.add(userId)) {
            // Only when the unit of work did not list its messages up front (not a batching one).
            before.putAll(store.load(List.of(userId)));
        }
        R row = after.containsKey(userId) ? after.get(userId) : before.get(userId);
        after.put(userId, projection.apply(row, event));
    }

    void flush() {
        List<RowChange<R>> changes = new ArrayList<>();
        after.forEach((userId, row) -> {
            R old = before.get(userId);
            if (!row.equals(old)) {
                changes.add(new RowChange<>(old, row));
            }
        });
        if (!changes.isEmpty()) {
            store.write(changes);
        }
        written = changes.stream().map(RowChange::after).toList();
    }

    List<R> written() {
        return written;
    }
}
