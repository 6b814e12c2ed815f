package dev.prefs.query.rebuild;

import static dev.prefs.query.projection.BuildStatus.BUILDING;
import static dev.prefs.query.projection.BuildStatus.LIVE;
import static dev.prefs.query.projection.BuildStatus.RETIRED;
import static dev.prefs.query.projection.BuildStatus.STANDBY;

import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.BuildStatus;
import dev.prefs.query.projection.BuildTransitions;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RegisteredBuild;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables of the builds, the one exception to "schema only through Flyway": a rebuild clones its tables
 * ({@code LIKE ... INCLUDING ALL}) from a table of the same version that still exists, and once a build has been
 * retired for the grace period its tables are dropped here, whatever its generation (generation 1's are Flyway's;
 * Flyway never looks at them again, since a later migration gives a new version new tables), unless they are the
 * last tables of its version: those stay, so every declared version can be rebuilt without a new migration. Its
 * tokens and dead letters go either way (a retired build follows no events). Every step that reads which tables
 * exist runs under {@link BuildTransitions#lockSwitches()}, so a rebuild never clones a table that is being dropped.
 */
final class GenerationTables {

    private static final Logger log = LoggerFactory.getLogger(GenerationTables.class);
    /**
     * The order a template is looked for in, after the version's own (Flyway's) tables; a retired build last, for a
     * version whose only tables left are the ones kept for it.
     */
    private static final List<BuildStatus> TEMPLATES = List.of(LIVE, STANDBY, BUILDING, RETIRED);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BuildTransitions transitions;
    private final ProjectionRegistry registry;
    private final ProjectionRuntime runtime;

    GenerationTables(JdbcTemplate jdbc, TransactionTemplate transactions, BuildTransitions transitions,
                     ProjectionRegistry registry, ProjectionRuntime runtime) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.transitions = transitions;
        this.registry = registry;
        this.runtime = runtime;
    }

    /**
     * Creates {@code build}'s empty tables, indexes included, in the caller's transaction (which holds
     * {@code lockSwitches()}), cloned from a build of its version whose tables still exist: Flyway's if they are
     * there, else the live, standby, building or retired build's. There always is one: the last tables of a version
     * are never dropped.
     */
    void create(Build<?> build) {
        Build<?> template = template(build.version(), 0).orElseThrow(() -> new IllegalStateException(
                build.version().name() + " version " + build.version().version() + " has no table left to clone"));
        for (int i = 0; i < build.tables().size(); i++) {
            jdbc.execute("CREATE TABLE " + cloned(build, build.tables().get(i)) + " (LIKE "
                         + template.tables().get(i) + " INCLUDING ALL)");
        }
    }

    /**
     * A build of {@code version} other than generation {@code except} whose every table exists, to clone a new
     * generation from. Generation 1 is looked at even unregistered: a version older than the one a database started
     * with has Flyway tables that belong to no build.
     */
    private Optional<Build<?>> template(ProjectionVersion<?> version, int except) {
        Stream<Build<?>> registered = registry.builds(version.name()).stream()
                .filter(row -> row.version() == version.version() && TEMPLATES.contains(row.status()))
                .sorted(Comparator.comparingInt(row -> TEMPLATES.indexOf(row.status())))
                .map(row -> new Build<>(version, row.generation()));
        return Stream.concat(Stream.of(new Build<>(version, 1)), registered)
                .filter(build -> build.generation() != except).filter(this::exists).findFirst();
    }

    private boolean exists(Build<?> build) {
        return build.tables().stream().allMatch(table -> Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table)));
    }

    /**
     * Drops the tables, token rows and dead letters of every build retired more than {@code grace} ago (its
     * processor has been stopped in every process since: each one stops it on the retirement's announcement or its
     * next look), each build in a transaction of its own, oldest generation first. The last tables of a version are
     * kept (its newest retired build's, when the version has no other build with tables): a version must always have
     * a table to clone a new generation from, or rebuilding it would take a new migration. A build whose version this
     * code no longer declares is left alone: its tables are not known here. How many builds lost something.
     */
    int dropRetired(Duration grace) {
        int dropped = 0;
        for (RegisteredBuild row : registry.retiredWithLeftoversSince(grace)) {
            Optional<Build<?>> build = runtime.build(row);
            if (build.isEmpty()) {
                continue;
            }
            try {
                if (Boolean.TRUE.equals(transactions.execute(status -> drop(row, build.get(), grace)))) {
                    dropped++;
                }
            } catch (RuntimeException e) {
                log.warn("Could not drop what retired build {} left behind: {}", row.processingGroup(), e.toString());
            }
        }
        return dropped;
    }

    /** Whether anything of {@code row} was removed. */
    private boolean drop(RegisteredBuild row, Build<?> build, Duration grace) {
        // A rebuild choosing its template, or an activation, must see the tables as they are after this.
        transitions.lockSwitches();
        Set<String> kept = keptTables();
        List<String> tables = build.tables().stream().map(table -> owned(row, build, table, kept)).toList();
        // The last tables of the version stay; another build's (live, standby, building, or retired and kept for
        // now) or the version's unregistered Flyway tables are enough to clone from.
        boolean last = exists(build) && template(build.version(), build.generation()).isEmpty();
        if (!last) {
            jdbc.execute("DROP TABLE IF EXISTS " + String.join(", ", tables));
        }
        int tokens = jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", row.processingGroup());
        int deadLetters = jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?",
                row.processingGroup());
        if (last && tokens + deadLetters == 0) {
            return false;
        }
        log.info("{} the tables {}, dropped {} token row(s) and {} dead letter(s) of {}, retired more than {} ago",
                last ? "Kept, as the last of their version," : "Dropped", tables, tokens, deadLetters,
                row.processingGroup(), grace);
        return true;
    }

    /**
     * Every table that must stay: those of the builds that are not retired (live, standby, building), and Flyway's
     * tables of each declared version with no build at all (the template of its first rebuild).
     */
    private Set<String> keptTables() {
        Set<String> kept = new HashSet<>();
        List<RegisteredBuild> builds = registry.builds();
        for (RegisteredBuild row : builds) {
            if (row.status() != RETIRED) {
                kept.add(row.table());
                runtime.build(row).ifPresent(build -> kept.addAll(build.tables()));
            }
        }
        for (ProjectionVersion<?> version : runtime.declared()) {
            if (builds.stream().noneMatch(b -> b.name().equals(version.name()) && b.version() == version.version())) {
                kept.addAll(new Build<>(version, 1).tables());
            }
        }
        return kept;
    }

    /**
     * {@code table} itself, once it is sure to be one of {@code build}'s own tables (generation 1: the version's
     * Flyway table; later: its {@code _g<generation>} clone) that nothing still uses.
     */
    private static String owned(RegisteredBuild row, Build<?> build, String table, Set<String> kept) {
        boolean ofThisBuild = build.generation() == 1 ? build.version().tables().contains(table)
                : table.endsWith("_g" + build.generation());
        if (!ofThisBuild || !row.table().equals(build.readTable())) {
            throw new IllegalStateException(table + " is not a table of " + row.processingGroup());
        }
        if (kept.contains(table)) {
            throw new IllegalStateException(table + " is still used, not dropped with " + row.processingGroup());
        }
        return table;
    }

    /** {@code table} itself, once it is sure to be a new generation's: never one of the version's own tables. */
    private static String cloned(Build<?> build, String table) {
        if (build.generation() < 2 || !table.endsWith("_g" + build.generation())) {
            throw new IllegalStateException(table + " is not a cloned table of a later generation");
        }
        return table;
    }
}
