package dev.prefs.query.projection;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where one projection version keeps its rows; called inside the event processor's transaction. */
public interface RowStore<R extends ProjectionRow> {

    /** The current rows of {@code userIds} (tombstones included), in one query; users without a row are absent. */
    Map<String, R> load(Collection<String> userIds);

    /** Writes the changed rows, at most one per user, in as few statements as the store can manage. */
    void write(List<RowChange<R>> changes);
}
