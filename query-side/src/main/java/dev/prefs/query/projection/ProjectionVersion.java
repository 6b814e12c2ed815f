package dev.prefs.query.projection;

import java.util.Objects;

/**
 * One version of a projection, as data: its name and number, the table reads use, the fold that decides what a row
 * looks like, the store that keeps the rows, and how many segments its processor splits the users into. Its Axon
 * processing group, tokens and registry row are all named {@code <name>_v<version>}.
 */
public record ProjectionVersion<R extends ProjectionRow>(String name, int version, String table, Fold<R> fold,
                                                         RowStore<R> store, int segments) {

    public ProjectionVersion {
        Sql.identifier(name);
        Sql.identifier(table);
        Objects.requireNonNull(fold, "fold");
        Objects.requireNonNull(store, "store");
        if (version < 1 || segments < 1) {
            throw new IllegalArgumentException("version and segments must be positive");
        }
    }

    public String processingGroup() {
        return name + "_v" + version;
    }

    /**
     * The fold, made idempotent: an event the row already holds (sequence number below the row's version) leaves
     * the row as it is, so replaying any event, twice or out of a rebuild, is harmless.
     */
    public R apply(R row, ProjectedEvent event) {
        if (row != null && event.sequenceNumber() < row.version()) {
            return row;
        }
        return fold.apply(row, event);
    }
}
