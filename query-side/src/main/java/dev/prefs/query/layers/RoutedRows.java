package dev.prefs.query.layers;

import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.RowStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a layered build: users' rows in the version's users store, layers' rows (stream ids with a {@code /})
 * in its layers table.
 */
public final class RoutedRows implements RowStore<LayeredRow> {

    private final RowStore<UserRow> users;
    private final RowStore<LayerRow> layers;

    public RoutedRows(RowStore<UserRow> users, RowStore<LayerRow> layers) {
        this.users = users;
        this.layers = layers;
    }

    @Override
    public Map<String, LayeredRow> load(Collection<String> streamIds) {
        List<String> userIds = new ArrayList<>();
        List<String> layerIds = new ArrayList<>();
        for (String id : streamIds) {
            (LayeredRow.isLayer(id) ? layerIds : userIds).add(id);
        }
        Map<String, LayeredRow> rows = new HashMap<>(users.load(userIds));
        rows.putAll(layers.load(layerIds));
        return rows;
    }

    @Override
    public void write(List<RowChange<LayeredRow>> changes) {
        List<RowChange<UserRow>> userChanges = new ArrayList<>();
        List<RowChange<LayerRow>> layerChanges = new ArrayList<>();
        for (RowChange<LayeredRow> change : changes) {
            if (change.after() instanceof UserRow after) {
                userChanges.add(new RowChange<>((UserRow) change.before(), after));
            } else {
                layerChanges.add(new RowChange<>((LayerRow) change.before(), (LayerRow) change.after()));
            }
        }
        if (!userChanges.isEmpty()) {
            users.write(userChanges);
        }
        if (!layerChanges.isEmpty()) {
            layers.write(layerChanges);
        }
    }
}
