package dev.prefs.standalone;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Every row of every table of the database's schema as text, as a plain {@code pg_dump} writes it ({@code bytea} as
 * {@code \x} and lower-case hex), and where given strings occur in it, as text or as the hex of their UTF-8 bytes.
 */
final class TableScan {

    private final Map<String, List<String>> rows;

    private TableScan(Map<String, List<String>> rows) {
        this.rows = rows;
    }

    /** Reads every row of every table of the current schema, in one transaction (one snapshot). */
    static TableScan of(DataSource dataSource) throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<String> tables = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            for (String table : tables) {
                List<String> texts = new ArrayList<>();
                try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                        "SELECT t::text FROM \"" + table + "\" t")) {
                    while (result.next()) {
                        texts.add(result.getString(1));
                    }
                }
                rows.put(table, texts);
            }
            connection.rollback();
        }
        return new TableScan(rows);
    }

    Collection<String> tables() {
        return rows.keySet();
    }

    List<String> rows(String table) {
        return rows.getOrDefault(table, List.of());
    }

    long rowCount() {
        return rows.values().stream().mapToLong(List::size).sum();
    }

    /** Each table whose rows hold {@code needle} (as text or hex) and what it is, as {@code table: needle}. */
    TreeSet<String> traces(Collection<String> needles) {
        TreeSet<String> found = new TreeSet<>();
        for (String needle : needles) {
            String hex = hex(needle);
            rows.forEach((table, texts) -> {
                for (String row : texts) {
                    if (row.contains(needle) || row.contains(hex)) {
                        found.add(table + ": " + needle);
                        return;
                    }
                }
            });
        }
        return found;
    }

    /** The tables in which {@code needle} occurs (as text or hex). */
    TreeSet<String> tablesHolding(String needle) {
        TreeSet<String> tables = new TreeSet<>();
        traces(List.of(needle)).forEach(trace -> tables.add(trace.substring(0, trace.indexOf(':'))));
        return tables;
    }

    static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
