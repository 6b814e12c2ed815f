package dev.prefs.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Data migrations replay, they never mutate: a migration creates and alters tables, and the rows of read models come
 * only from projecting events (a new version's table is filled by a rebuild, not by an {@code UPDATE} backfill as in
 * the CRUD service Prefs replaced). Events are never rewritten either. So no migration may insert, update, delete, truncate, copy
 * or merge rows of any table. Statements inside function bodies count too; trigger declarations such as
 * {@code BEFORE UPDATE OR DELETE ON ...} do not, since they write nothing.
 */
class MigrationsWriteNoRowsTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern WRITE = Pattern.compile(
            "\\b(INSERT\\s+INTO|UPDATE\\s+(?:ONLY\\s+)?[\\w.\"]+\\s+(?:AS\\s+\\w+\\s+)?SET|DELETE\\s+FROM|TRUNCATE\\s+(?:TABLE\\s+)?(?!ON\\b)\\w+"
            + "|COPY\\s+[\\w.\"]+\\s*(?:\\([^)]*\\)\\s*)?FROM|MERGE\\s+INTO)\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void noMigrationWritesRows() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(MIGRATIONS)) {
            files = listed.filter(file -> file.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(files).as("migrations found").hasSizeGreaterThanOrEqualTo(7);
        List<String> writes = new ArrayList<>();
        for (Path file : files) {
            writes(Files.readString(file)).forEach(write -> writes.add(file.getFileName() + ": " + write));
        }
        assertThat(writes).as("row writes in migrations (read models are rebuilt by replay instead)").isEmpty();
    }

    @Test
    void theCheckFindsACrudBackfillAndOtherWrites() {
        assertThat(writes("UPDATE userpreferences SET notifications_enabled = true WHERE notifications_enabled IS NULL;"))
                .hasSize(1);
        assertThat(writes("insert into userpreferences_v2 (user_id) select user_id from userpreferences_v1;"))
                .hasSize(1);
        assertThat(writes("DELETE FROM preferencestats_v1_counts;")).hasSize(1);
        assertThat(writes("TRUNCATE TABLE domain_event_entry;")).hasSize(1);
        assertThat(writes("COPY userpreferences_v2 (user_id) FROM '/tmp/rows.csv';")).hasSize(1);
        assertThat(writes("CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN UPDATE x SET y = 1; RETURN NEW; END $$"
                          + " LANGUAGE plpgsql;")).hasSize(1);
    }

    @Test
    void theCheckLeavesSchemaChangesCommentsAndTriggerDeclarationsAlone() {
        assertThat(writes("""
                -- an UPDATE of the rows would be wrong here; INSERT INTO nothing
                /* DELETE FROM userpreferences_v1; */
                CREATE TABLE userpreferences_v2 (LIKE userpreferences_v1 INCLUDING ALL);
                ALTER TABLE projection_registry ADD COLUMN retired_at TIMESTAMPTZ;
                CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON domain_event_entry
                    FOR EACH ROW EXECUTE FUNCTION reject_change();
                CREATE TRIGGER no_truncate BEFORE TRUNCATE ON domain_event_entry
                    FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
                CREATE INDEX userpreferences_v2_updated ON userpreferences_v2 (updated_at);
                """)).isEmpty();
    }

    /** The row-writing statements of {@code sql}, comments left out. */
    static List<String> writes(String sql) {
        String code = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        List<String> found = new ArrayList<>();
        Matcher matcher = WRITE.matcher(code);
        while (matcher.find()) {
            int end = code.indexOf(';', matcher.start());
            found.add(code.substring(matcher.start(), end < 0 ? code.length() : end).replaceAll("\\s+", " ").trim());
        }
        return found;
    }
}
