package dev.prefs.query.projection;

import java.util.List;

/**
 * One build of a projection version: generation 1 is the version's own tables and processing group, a rebuild of
 * the same version is generation 2, 3, ... with tables and a processing group suffixed {@code _g<generation>}.
 */
public record Build<R extends ProjectionRow>(ProjectionVersion<R> version, int generation) {

    public Build {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive");
        }
        processingGroupOf(version, generation);
    }

    public String name() {
        return version.name();
    }

    public String processingGroup() {
        return processingGroupOf(version, generation);
    }

    /** This build's copy of {@code baseTable}, one of the version's tables. */
    public String table(String baseTable) {
        return Sql.identifier(generation == 1 ? baseTable : baseTable + "_g" + generation);
    }

    /** The table reads use when this build is live. */
    public String readTable() {
        return table(version.table());
    }

    /** Every table of this build, in the version's order. */
    public List<String> tables() {
        return version.tables().stream().map(this::table).toList();
    }

    public RowStore<R> store() {
        return version.rows(this::table);
    }

    /** A batch of one unit of work over this build's tables, for a version folded {@linkplain ProjectionVersion#inOrder() in order}. */
    public InOrderBatch inOrderBatch() {
        return version.inOrderBatch(this::table);
    }

    private static String processingGroupOf(ProjectionVersion<?> version, int generation) {
        return Sql.identifier(generation == 1 ? version.processingGroup()
                : version.processingGroup() + "_g" + generation);
    }
}
