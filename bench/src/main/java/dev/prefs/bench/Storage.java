package dev.prefs.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store costs on disk per event and per user, for the capacity model: the main fork of every table of the
 * service's schema ({@code pg_relation_size}), its TOAST table with the TOAST index, and each of its indexes, divided
 * by the events in the event table and by the users in the live read model.
 */
final class Storage {

    /** One relation's size: a table's heap, its TOAST, or one index. */
    record Relation(String table, String name, String kind, long bytes) {
    }

    /** The sizes at one point of the run. */
    record Sizes(String when, long events, long users, List<Relation> relations, List<String> empty) {

        long total() {
            return relations.stream().mapToLong(Relation::bytes).sum();
        }

        String markdown() {
            StringBuilder table = new StringBuilder();
            table.append("Measured ").append(when).append(", after catch-up: ").append(String.format("%,d", events))
                 .append(" events in `domain_event_entry`, ").append(String.format("%,d", users))
                 .append(" users in the live `userpreferences` table. Sizes are `pg_relation_size` (main fork; no"
                         + " free-space or visibility map), the TOAST table with its index"
                         + " (`pg_total_relation_size` of `reltoastrelid`), and each index (`pg_relation_size` of the"
                         + " index; their sum is `pg_indexes_size`). Every table of the schema is listed, the"
                         + " generations a rebuild left behind included; tables of 0 bytes are named below it.\n\n");
            table.append("| table | relation | kind | bytes | bytes per event | bytes per user |\n");
            table.append("| --- | --- | --- | --- | --- | --- |\n");
            for (Relation r : relations) {
                table.append("| ").append(r.table()).append(" | ").append(r.name()).append(" | ").append(r.kind())
                     .append(" | ").append(String.format("%,d", r.bytes())).append(" | ")
                     .append(per(r.bytes(), events)).append(" | ").append(per(r.bytes(), users)).append(" |\n");
            }
            table.append("| **all** | | | **").append(String.format("%,d", total())).append("** | **")
                 .append(per(total(), events)).append("** | **").append(per(total(), users)).append("** |\n");
            if (!empty.isEmpty()) {
                table.append("\nTables of 0 bytes: ").append(String.join(", ", empty)).append(".\n");
            }
            return table.toString();
        }

        private static String per(long bytes, long count) {
            return count == 0 ? "" : String.format("%,.1f", (double) bytes / count);
        }
    }

    private Storage() {
    }

    /** Every table of the current schema, its TOAST and its indexes, largest table first. */
    static Sizes measure(Database database, String when, String liveTable) throws SQLException {
        long events = database.count("SELECT count(*) FROM domain_event_entry");
        long users = database.count("SELECT count(*) FROM " + liveTable);
        List<Relation> relations = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement tables = connection.prepareStatement("""
                     SELECT c.oid, c.relname, pg_relation_size(c.oid),
                            COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0)
                       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
                      ORDER BY pg_total_relation_size(c.oid) DESC, c.relname""");
             PreparedStatement indexes = connection.prepareStatement("""
                     SELECT i.relname, pg_relation_size(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                      WHERE x.indrelid = ? ORDER BY i.relname""");
             ResultSet rows = tables.executeQuery()) {
            while (rows.next()) {
                long oid = rows.getLong(1);
                String table = rows.getString(2);
                List<Relation> of = new ArrayList<>();
                of.add(new Relation(table, table, "table", rows.getLong(3)));
                of.add(new Relation(table, "(toast)", "toast", rows.getLong(4)));
                indexes.setLong(1, oid);
                try (ResultSet index = indexes.executeQuery()) {
                    while (index.next()) {
                        of.add(new Relation(table, index.getString(1), "index", index.getLong(2)));
                    }
                }
                if (of.stream().mapToLong(Relation::bytes).sum() == 0) {
                    empty.add("`" + table + "`");
                } else {
                    of.stream().filter(r -> r.bytes() > 0 || !r.kind().equals("toast")).forEach(relations::add);
                }
            }
        }
        return new Sizes(when, events, users, relations, empty);
    }
}
