package dev.prefs.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue in docs/http-api.md is the enum, row for row: every type is documented, and nothing else is. */
class ProblemTypeDocumentedTest {

    private static final Path DOC = Path.of("..", "docs", "http-api.md");

    record Row(String uri, String status, String title, String meaning, String when) {
    }

    @Test
    void everyProblemTypeIsInTheDocumentedCatalogueAndNothingElse() throws IOException {
        List<Row> rows = rows(section(Files.readString(DOC)));
        Map<String, ProblemType> types = Arrays.stream(ProblemType.values())
                .collect(Collectors.toMap(type -> type.uri().toString(), Function.identity()));

        assertThat(rows).extracting(Row::uri).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(types.keySet());
        for (Row row : rows) {
            ProblemType type = types.get(row.uri());
            assertThat(row.status()).as(row.uri()).isEqualTo(String.valueOf(type.status().value()));
            assertThat(row.title()).as(row.uri()).isEqualTo(type.title());
            assertThat(row.meaning()).as(row.uri()).isEqualTo(type.meaning());
            assertThat(row.when()).as(row.uri()).isNotBlank();
        }
    }

    /** Examples in the README, guides and runbooks quote real answers; a renamed type must not linger there. */
    @Test
    void everyProblemTypeQuotedInTheDocsIsInTheCatalogue() throws IOException {
        Pattern quoted = Pattern.compile("urn:prefs:problem:([a-z0-9-]+)");
        Map<String, List<String>> unknown = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/")
                            && !f.toString().contains("/node_modules/"))
                    .sorted().toList()) {
                Matcher matcher = quoted.matcher(Files.readString(file));
                while (matcher.find()) {
                    String slug = matcher.group(1);
                    if (Arrays.stream(ProblemType.values()).noneMatch(type -> type.slug().equals(slug))) {
                        unknown.computeIfAbsent(file.normalize().toString(), f -> new ArrayList<>()).add(slug);
                    }
                }
            }
        }
        assertThat(unknown).as("problem types quoted in Markdown that the catalogue does not have").isEmpty();
    }

    @Test
    void typesAreDistinctAndStatusesAreErrors() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug)).doesNotHaveDuplicates()
                .allMatch(slug -> slug.matches("[a-z]+(-[a-z]+)*"));
        assertThat(ProblemType.values()).allMatch(type -> type.status().isError());
        assertThat(ProblemType.forStatus(418).status().value()).isEqualTo(400);
        assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL_ERROR);
    }

    /** The text of the "## Problem types" section, up to the next section of the same or a higher level. */
    private static String section(String text) {
        String doc = "\n" + text;
        int start = doc.indexOf("\n## Problem types\n");
        assertThat(start).as("docs/http-api.md has a \"## Problem types\" section").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        int deeper = doc.indexOf("\n# ", start + 1);
        end = end < 0 ? doc.length() : end;
        return doc.substring(start, deeper < 0 ? end : Math.min(end, deeper));
    }

    private static List<Row> rows(String section) {
        List<Row> rows = new ArrayList<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| `urn:")) {
                assertThat(line).as("a row of the table that is not a problem type").doesNotStartWith("| `");
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                    .map(String::strip).toArray(String[]::new);
            assertThat(cells).as(line).hasSize(5);
            rows.add(new Row(cells[0].replace("`", ""), cells[1], cells[2], cells[3], cells[4]));
        }
        return rows;
    }
}
