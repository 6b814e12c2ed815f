package dev.prefs.query.projection;

import java.util.StringJoiner;
import java.util.regex.Pattern;

/** The two things projection SQL builds from strings: table names and multi-row {@code VALUES} lists. */
public final class Sql {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Sql() {
    }

    /**
     * {@code name} itself if it is a plain lower-case PostgreSQL identifier, which can go into SQL text without
     * quoting; table names come from the registry, so they are checked before they get anywhere near a statement.
     */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
        }
        return name;
    }

    /** {@code (?, ?), (?, ?)} for {@code rows} rows of {@code columns} parameters. */
    public static String valueRows(int rows, int columns) {
        StringJoiner row = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns; i++) {
            row.add("?");
        }
        StringJoiner all = new StringJoiner(", ");
        for (int i = 0; i < rows; i++) {
            all.add(row.toString());
        }
        return all.toString();
    }
}
