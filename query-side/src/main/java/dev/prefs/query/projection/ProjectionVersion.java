package dev.prefs.query.projection;

import java.util.List;
import java.util.Objects;

/**
 * One version of a projection, as data: its name and number, the table reads use, the fold that decides what a row
 * looks like, how to make the store of one of its builds, how many segments its processor splits the users into,
 * every table a build writes (Flyway creates them for generation 1; later generations clone them) and, optionally,
 * the public view the switch points at it. Its Axon processing group, tokens and registry row are all named
 * {@code <name>_v<version>}, with {@code _g<generation>} after it for rebuilds (see {@link Build}).
 */
public record ProjectionVersion<R extends ProjectionRow>(String name, int version, String table, Fold<R> fold,
                                                         RowStores<R> stores, int segments, List<String> tables,
                                                         PublicView view) {

    public ProjectionVersion {
        Sql.identifier(name);
        Sql.identifier(table);
        Objects.requireNonNull(fold, "fold");
        Objects.requireNonNull(stores, "stores");
        tables = List.copyOf(tables);
        tables.forEach(Sql::identifier);
        if (!tables.contains(table)) {
            throw new IllegalArgumentException("The read table " + table + " must be one of the tables " + tables);
        }
        if (version < 1 || segments < 1) {
            throw new IllegalArgumentException("version and segments must be positive");
        }
    }

    /** A version with one table and no public view. */
    public ProjectionVersion(String name, int version, String table, Fold<R> fold, RowStores<R> stores,
                             int segments) {
        this(name, version, table, fold, stores, segments, List.of(table), null);
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
