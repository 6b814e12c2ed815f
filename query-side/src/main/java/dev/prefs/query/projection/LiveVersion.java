package dev.prefs.query.projection;

/** The version of a projection that serves reads, and its table (a checked SQL identifier). */
public record LiveVersion(String name, int version, String table) {

    public LiveVersion {
        Sql.identifier(table);
    }
}
