package dev.prefs.query.projection;

import dev.prefs.events.PreferencesEvent;
import dev.prefs.platform.crypto.ErasureStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One version of a projection: its name and number, the table reads use, the fold that decides what a row looks
 * like, where a build of it keeps its rows, how many segments its processor splits the users into, every table a
 * build writes (Flyway creates them for generation 1; later generations clone them) and, optionally, the public view
 * the switch points at it. Its Axon processing group, tokens and registry row are all named
 * {@code <name>_v<version>}, with {@code _g<generation>} after it for rebuilds (see {@link Build}).
 * <p>
 * A projection's versions are subclasses (one class per version, a Spring bean) that know their own tables: how a
 * row is written and how it is read back, for the processors through {@link #rows} and for the queries through
 * whatever reads the projection's feature adds. Nothing outside a version object asks which number it has in
 * order to decide how to read or write it. A version given its {@link RowStores} as a function is for tests.
 * <p>
 * Every version is also the {@link ErasureStep} of its own builds: erasing a user removes them from each build of
 * the version whose tables exist (every generation, whatever its status), in the erasure's transaction. The rule is
 * derived from the tables: every row whose {@code user_id} column holds the user goes ({@link #eraseFrom}); a version
 * that keeps something derived from its users' rows (counters) undoes that first. So a new version, one class and
 * one migration, is erased without anything else to write.
 */
public class ProjectionVersion<R extends ProjectionRow> implements ErasureStep {

    private final String name;
    private final int version;
    private final String table;
    private final Fold<R> fold;
    private final RowStores<R> stores;
    private final int segments;
    private final List<String> tables;
    private final PublicView view;

    public ProjectionVersion(String name, int version, String table, Fold<R> fold, RowStores<R> stores,
                             int segments, List<String> tables, PublicView view) {
        this.name = Sql.identifier(name);
        this.version = version;
        this.table = Sql.identifier(table);
        this.fold = Objects.requireNonNull(fold, "fold");
        this.stores = stores;
        this.segments = segments;
        this.tables = List.copyOf(tables);
        this.view = view;
        this.tables.forEach(Sql::identifier);
        if (!this.tables.contains(table)) {
            throw new IllegalArgumentException("The read table " + table + " must be one of the tables " + tables);
        }
        if (version < 1 || segments < 1) {
            throw new IllegalArgumentException("version and segments must be positive");
        }
        if (inOrder() && segments != 1) {
            throw new IllegalArgumentException("A version folded in order has one segment");
        }
    }

    /** A version with one table and no public view. */
    public ProjectionVersion(String name, int version, String table, Fold<R> fold, RowStores<R> stores,
                             int segments) {
        this(name, version, table, fold, Objects.requireNonNull(stores, "stores"), segments, List.of(table), null);
    }

    /** For a version class that is its own storage: it overrides {@link #rows}. */
    protected ProjectionVersion(String name, int version, String table, Fold<R> fold, int segments,
                                List<String> tables, PublicView view) {
        this(name, version, table, fold, null, segments, tables, view);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    /** The base table reads use (a build reads its own copy of it, {@link Build#readTable()}). */
    public String table() {
        return table;
    }

    public Fold<R> fold() {
        return fold;
    }

    public int segments() {
        return segments;
    }

    /** Every base table of the version, in the order a build creates them. */
    public List<String> tables() {
        return tables;
    }

    /** The public view the switch points at this version's read table, or null. */
    public PublicView view() {
        return view;
    }

    /**
     * Whether this version folds events of {@code payloadType}: by default a user's preferences events only. A
     * version that also keeps the defaults layers overrides it to take {@link dev.prefs.events.DefaultsEvent}s too;
     * its rows are then keyed by stream id, users and layers alike.
     */
    public boolean folds(Class<?> payloadType) {
        return PreferencesEvent.class.isAssignableFrom(payloadType);
    }

    /**
     * Whether this version folds a unit of work's events itself, in their order, through {@link #inOrderBatch}
     * rather than row by row: its rows depend on more than one stream at a time (a change feed's items follow the
     * global order, and a default's change reaches the users who inherit it). Such a version has one segment, and a
     * rebuild replays it in the store's order from the start instead of user by user in its bulk phase.
     */
    public boolean inOrder() {
        return false;
    }

    /** A new batch of one unit of work of the build whose tables {@code tableOf} names; only if {@link #inOrder()}. */
    public InOrderBatch inOrderBatch(UnaryOperator<String> tableOf) {
        throw new IllegalStateException(getClass().getName() + " folds row by row");
    }

    public String processingGroup() {
        return name + "_v" + version;
    }

    /**
     * Where one build of this version keeps its rows, as its processor loads and writes them: {@code tableOf} maps
     * each of the version's base tables (as Flyway created them) to the build's own, so every generation is
     * written by the same code.
     */
    public RowStore<R> rows(UnaryOperator<String> tableOf) {
        if (stores == null) {
            throw new IllegalStateException(getClass().getName() + " must override rows(tableOf)");
        }
        return stores.in(tableOf);
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

    /**
     * Removes {@code userId} from every build of this version whose tables exist: generation 1 (Flyway's tables,
     * registered or not) and every generation the registry knows, live, standby, building or retired alike.
     */
    @Override
    public final void erase(Connection connection, String userId) throws SQLException {
        List<Integer> generations = new ArrayList<>(List.of(1));
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT generation FROM projection_registry WHERE name = ? AND version = ? AND generation > 1"
                + " ORDER BY generation")) {
            statement.setString(1, name);
            statement.setInt(2, version);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    generations.add(rows.getInt(1));
                }
            }
        }
        for (int generation : generations) {
            Build<R> build = new Build<>(this, generation);
            if (build.tables().stream().allMatch(table -> exists(connection, table))) {
                eraseFrom(connection, build, userId);
            }
        }
    }

    /**
     * Removes {@code userId} from {@code build}'s tables, through {@code connection} (the erasure's transaction):
     * every row whose {@code user_id} column is the user's, in each table that has that column. A version whose
     * other tables keep something derived from those rows (counters) overrides this to undo it first, then calls
     * it.
     */
    protected void eraseFrom(Connection connection, Build<R> build, String userId) throws SQLException {
        for (String table : build.tables()) {
            if (hasUserIdColumn(connection, table)) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM " + Sql.identifier(table) + " WHERE user_id = ?")) {
                    statement.setString(1, userId);
                    statement.executeUpdate();
                }
            }
        }
    }

    private static boolean exists(Connection connection, String table) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look up the table " + table, e);
        }
    }

    private static boolean hasUserIdColumn(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = 'user_id'"
                + " AND NOT attisdropped")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public String toString() {
        return processingGroup();
    }
}
