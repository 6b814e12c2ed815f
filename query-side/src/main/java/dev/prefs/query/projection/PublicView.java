package dev.prefs.query.projection;

/**
 * A view that psql users read instead of a versioned table (the {@code userpreferences} table of the CRUD service
 * Prefs replaced); the switch redefines it over the new live table in the same transaction. {@code select} names that table
 * {@value #TABLE}.
 */
public record PublicView(String name, String select) {

    public static final String TABLE = "{table}";

    public PublicView {
        Sql.identifier(name);
        if (!select.contains(TABLE)) {
            throw new IllegalArgumentException("The view's select must read " + TABLE);
        }
    }

    /**
     * The statements that point the view at {@code table}. Dropped and created rather than replaced: versions may
     * have different columns, and {@code CREATE OR REPLACE VIEW} cannot remove one (a rollback would). Both run in
     * the switch's transaction, so no reader sees the view missing.
     */
    public String definitionOver(String table) {
        return "DROP VIEW IF EXISTS " + name + "; CREATE VIEW " + name + " AS "
               + select.replace(TABLE, Sql.identifier(table));
    }
}
