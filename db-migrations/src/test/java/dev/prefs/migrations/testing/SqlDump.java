package dev.prefs.migrations.testing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes the rows of some tables as plain {@code INSERT} statements, in primary-key order, so a database written by
 * one release can be committed as a test fixture and loaded into a schema migrated to that release's version. (The
 * machine's pg_dump is older than the embedded PostgreSQL 17 server and refuses to dump it.)
 */
public final class SqlDump {

    private SqlDump() {
    }

    public static String inserts(Connection connection, List<String> tables) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            sql.append("-- ").append(table).append('\n');
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT * FROM " + table + " ORDER BY " + String.join(", ", primaryKey(connection, table)))) {
                ResultSetMetaData columns = rows.getMetaData();
                // A generated column takes no value on INSERT: the database computes it again from the others.
                Set<String> generated = generatedColumns(connection, table);
                List<Integer> written = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int c = 1; c <= columns.getColumnCount(); c++) {
                    if (!generated.contains(columns.getColumnName(c))) {
                        written.add(c);
                        names.add(columns.getColumnName(c));
                    }
                }
                while (rows.next()) {
                    sql.append("INSERT INTO ").append(table).append(" (").append(String.join(", ", names))
                            .append(") VALUES (");
                    for (int i = 0; i < written.size(); i++) {
                        int c = written.get(i);
                        sql.append(i > 0 ? ", " : "").append(literal(rows, c, columns.getColumnType(c)));
                    }
                    sql.append(");\n");
                }
            }
        }
        return sql.toString();
    }

    private static Set<String> generatedColumns(Connection connection, String table) throws SQLException {
        Set<String> generated = new HashSet<>();
        try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, null)) {
            while (columns.next()) {
                if ("YES".equals(columns.getString("IS_GENERATEDCOLUMN"))) {
                    generated.add(columns.getString("COLUMN_NAME"));
                }
            }
        }
        return generated;
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        List<String> key = new ArrayList<>();
        try (ResultSet columns = metaData.getPrimaryKeys(null, null, table)) {
            while (columns.next()) {
                key.add(columns.getShort("KEY_SEQ") - 1, columns.getString("COLUMN_NAME"));
            }
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException(table + " has no primary key to order its rows by");
        }
        return key;
    }

    private static String literal(ResultSet rows, int column, int type) throws SQLException {
        if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) {
            byte[] bytes = rows.getBytes(column);
            return bytes == null ? "NULL" : "'\\x" + HexFormat.of().formatHex(bytes) + "'::bytea";
        }
        String value = rows.getString(column);
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> value;
            default -> "'" + value.replace("'", "''") + "'";
        };
    }
}
