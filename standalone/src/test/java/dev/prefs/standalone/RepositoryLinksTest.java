package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository stands on its own: every relative link of every Markdown file reaches a file inside it (and a
 * heading of that file when the link names one), and no document or source file points at something that only
 * exists outside it. It lives here, beside the other checks of the whole repository (BuildSourcesTest,
 * ComposeFileTest), in the module that assembles everything.
 */
class RepositoryLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Build output, local data and tool folders: not part of what a clone holds. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "data", "node_modules", ".idea",
            ".vscode");
    /** Files that are text a person reads or the build runs; binary and generated files are not scanned. */
    private static final Pattern SCANNED = Pattern.compile(
            ".*\\.(md|java|sql|yml|yaml|xml|properties|txt|sh|json)|Dockerfile|mvnw|mvnw\\.cmd");
    /** What only exists outside a clone: the workspace's shared folder and the documents kept there. */
    private static final List<String> OUTSIDE = List.of("../shared", "shared/contract", "shared/notes",
            "shared/seed", "seed document", "contract file", "/work/");
    /**
     * Applied migrations never change (Flyway checks their checksums on every database that ran them), so an old
     * comment in one stays as it was written.
     */
    private static final Set<String> IMMUTABLE = Set.of(
            "db-migrations/src/main/resources/db/migration/V5__userpreferences_v1.sql");
    private static final String THIS_FILE = "standalone/src/test/java/dev/prefs/standalone/RepositoryLinksTest.java";

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} on a line of its own. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkReachesAFileInsideTheRepository() throws IOException {
        List<Path> markdown = files().stream().filter(file -> file.toString().endsWith(".md")).toList();
        assertThat(markdown).as("Markdown files found").hasSizeGreaterThanOrEqualTo(6);
        List<String> broken = new ArrayList<>();
        for (Path file : markdown) {
            for (String target : links(Files.readString(file))) {
                problem(file, target).ifPresent(problem -> broken.add(relative(file) + ": " + target + " " + problem));
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void noFileRefersToWhatOnlyExistsOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            String name = relative(file);
            if (IMMUTABLE.contains(name) || name.equals(THIS_FILE)) {
                continue;
            }
            String text;
            try {
                text = Files.readString(file).toLowerCase(Locale.ROOT);
            } catch (MalformedInputException notUtf8) {
                continue;
            }
            for (String outside : OUTSIDE) {
                if (text.contains(outside)) {
                    found.add(name + ": " + outside);
                }
            }
        }
        assertThat(found).as("references to what is outside the repository").isEmpty();
    }

    @Test
    void theLinkCheckSeesLinksAndOnlyLinks() {
        assertThat(links("""
                See [the reference](docs/http-api.md#errors), ![a chart](docs/chart.svg "Chart") and
                [a site](https://example.com). `[not](a-link.md)` is code.

                ```
                [neither](in-a-fence.md)
                ```
                [ref]: docs/operations.md
                """)).containsExactly("docs/http-api.md#errors", "docs/chart.svg", "https://example.com",
                "docs/operations.md");
        assertThat(anchor("### `GET /api/users/{userId}/preferences`")).isEqualTo("get-apiusersuseridpreferences");
        assertThat(anchor("Authentication and authorisation")).isEqualTo("authentication-and-authorisation");
        assertThat(anchor("Schema: `GET /admin/migrations`")).isEqualTo("schema-get-adminmigrations");
    }

    /** Why a link does not resolve, if it does not; external links are not followed. */
    private static Optional<String> problem(Path from, String target) throws IOException {
        if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String filePart = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = filePart.isEmpty() ? from
                : from.getParent().resolve(decode(filePart)).toAbsolutePath().normalize();
        if (!resolved.startsWith(ROOT)) {
            return Optional.of("leaves the repository");
        }
        if (!Files.exists(resolved)) {
            return Optional.of("does not exist");
        }
        if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")
            && !anchors(Files.readString(resolved)).contains(fragment)) {
            return Optional.of("names a heading that " + relative(resolved) + " does not have");
        }
        return Optional.empty();
    }

    static List<String> links(String markdown) {
        String prose = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(prose);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE_LINK.matcher(prose);
        while (reference.find()) {
            targets.add(reference.group(1));
        }
        return targets;
    }

    /** The anchors GitHub gives a file's headings: the slug of each, with -1, -2... for repeats. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (heading.find()) {
            String slug = anchor(heading.group(1));
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }

    static String anchor(String heading) {
        String text = heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String decode(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                return SKIPPED_FOLDERS.contains(folder.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && SCANNED.matcher(file.getFileName().toString()).matches()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static String relative(Path file) {
        return ROOT.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
