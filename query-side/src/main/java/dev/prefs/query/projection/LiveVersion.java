package dev.prefs.query.projection;

/** The build of a projection that serves reads: its version, generation and read table (a checked SQL identifier). */
public record LiveVersion(String name, int version, int generation, String table) {

    public LiveVersion {
        Sql.identifier(table);
    }
}
