package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.postgresql.PGConnection;

/**
 * The benchmark harness. It starts the built service (the standalone jar, and for the split deployment the
 * command-side and query-side jars) as separate JVMs on a fresh embedded PostgreSQL, loads the event store, runs
 * every workload against the service and, in the same run, a plain-JDBC baseline doing the same database work from
 * this JVM against the same server, and writes {@code docs/benchmarks.md} with the rebuild scaling chart.
 * <p>
 * {@code java -jar bench/target/prefs-bench.jar [--quick] [--repository=.] [--out=docs/benchmarks.md]}
 */
public final class Bench {

    /** How big and how long: the full run (about 15 minutes here) or the quick one (about 3). */
    record Plan(String name, List<Long> scaling, long rebuildPoint, int rounds, int rebuildRounds,
                double jitSeconds, double warmupSeconds, double seconds, int clients, int rywSamples,
                int startupRounds, int tenantUsers, int feedConsumers) {

        static final Plan FULL = new Plan("full", List.of(100_000L, 1_000_000L, 3_000_000L, 10_000_000L), 1_000_000L,
                3, 3, 45, 3, 15, 8, 500, 3, 100_000, 200);
        static final Plan QUICK = new Plan("quick", List.of(20_000L, 100_000L, 200_000L), 100_000L, 1, 1, 15, 1, 4,
                8, 100, 1, 20_000, 20);
        /**
         * The layered-defaults workloads at the size (100,000 inheriting users) on a small store (100k
         * events), with the HTTP workloads beside them in the same run; about ten minutes here.
         */
        static final Plan LAYERS = new Plan("layers", List.of(100_000L), 100_000L, 3, 1, 30, 3, 15, 8, 200, 1,
                100_000, 200);
    }

    /** One row of the results table. */
    record Figure(String workload, String prefs, String baseline, String ratio, String p50, String p99,
                  String target, String verdict) {
    }

    static final String STANDBY_GRACE = "prefs.query.rebuild.standby-grace=30s";
    /** The standalone's heap in the benchmark: the rebuild target holds at 10M events with this much. */
    static final String HEAP = "-Xmx1g";
    /** Forces a load generator: {@code -Dprefs.bench.generator=java} runs the Java one even where wrk is installed. */
    static final String GENERATOR_PROPERTY = "prefs.bench.generator";
    /** The fixed-rate runs' rate, as a share of the closed loop's measured peak. */
    static final double FIXED_RATE_SHARE = 0.7;

    private final Plan plan;
    private final Path repository;
    private final Path out;
    private final Path work;
    private final String secret;
    private final String token;
    /** The master key every service of the run is started with (the split's command side has no default). */
    private final String masterKey;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<Long, Double> scaling = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> catchUp = new LinkedHashMap<>();
    private final List<String> instrument = new ArrayList<>();
    private final List<HttpRun> generatorRuns = new ArrayList<>();
    private Database database;
    private EventLoader loader;
    /** The plain GET's rounds, the baseline of the reads that explain. */
    private List<Load.Result> lastGet = List.of();
    private Floor floor;
    /** The closed-loop generator: wrk where it is installed, else null and the Java generator. */
    private Wrk wrk;
    /** The live processors' catch-up of the load before the rebuild point: events and seconds. */
    private long backlogEvents;
    private double backlogSeconds;
    /** Work per CPU-second of the service process, per path (issue 18's capacity model). */
    private final UnitCosts units = new UnitCosts();
    /** The store's size per event and per user at {@link #storagePoint()}. */
    private Storage.Sizes storage;

    Bench(Plan plan, Path repository, Path out) throws IOException {
        this.plan = plan;
        this.repository = repository.toAbsolutePath().normalize();
        this.out = out.toAbsolutePath().normalize();
        this.work = Files.createTempDirectory("prefs-bench");
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        this.secret = Base64.getEncoder().encodeToString(bytes);
        this.token = JwtTokens.mint(secret, "bench", true, Duration.ofHours(12));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // Every process of the run (the standalone, then the split deployment) must wrap users' keys with one key.
        this.masterKey = Base64.getEncoder().encodeToString(key);
    }

    public static void main(String[] args) throws Exception {
        if (EncryptionCost.wanted(args)) {
            EncryptionCost.main(args);
            return;
        }
        Plan plan = Plan.FULL;
        Path repository = Path.of(".");
        Path out = null;
        String ab = null;
        long abEvents = 200_000;
        int abRounds = 2;
        long probe = -1;
        long probeRebuildFirst = 0;
        for (String arg : args) {
            if (arg.startsWith("--probe-catch-up")) {
                String size = arg.substring("--probe-catch-up".length());
                probe = size.isEmpty() ? 20_000 : Long.parseLong(size.substring(1));
            } else if (arg.startsWith("--probe-rebuild-first=")) {
                probeRebuildFirst = Long.parseLong(arg.substring("--probe-rebuild-first=".length()));
            } else if (arg.startsWith("--ab=")) {
                ab = arg.substring("--ab=".length());
            } else if (arg.startsWith("--ab-events=")) {
                abEvents = Long.parseLong(arg.substring("--ab-events=".length()));
            } else if (arg.startsWith("--ab-rounds=")) {
                abRounds = Integer.parseInt(arg.substring("--ab-rounds=".length()));
            } else if (arg.equals("--quick")) {
                plan = Plan.QUICK;
            } else if (arg.equals("--layers")) {
                plan = Plan.LAYERS;
            } else if (arg.startsWith("--repository=")) {
                repository = Path.of(arg.substring("--repository=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else {
                System.err.println("Usage: java -jar bench/target/prefs-bench.jar [--quick | --layers] [--repository=<repo root>]"
                                   + " [--out=<markdown file>]\n   or: java -jar bench/target/prefs-bench.jar"
                                   + " --ab=<spring property>=<value> [--ab-events=N] [--ab-rounds=N]"
                                   + " [--repository=<repo root>]  (one lever, A/B)\n   or: java -jar bench/target/prefs-bench.jar"
                                   + " --probe-catch-up[=N] [--probe-rebuild-first=N]  (what a catch-up waits for)");
                System.exit(2);
            }
        }
        if (probe > 0) {
            CatchUpProbe.run(repository, probe, Integer.getInteger("probe.loads", 3), probeRebuildFirst);
            return;
        }
        if (ab != null) {
            new AbRun(repository, ab, abEvents, abRounds).run();
            return;
        }
        Bench bench = new Bench(plan, repository, out != null ? out : repository.resolve("docs/benchmarks.md"));
        bench.run();
    }

    void run() throws Exception {
        Instant started = Instant.now();
        log("Prefs benchmark, " + plan.name() + " run; work folder " + work);
        startUp();
        try (Database db = Database.start(work.resolve("postgres"));
             Floor httpFloor = Floor.start(db, secret, masterKey);
             EventLoader eventLoader = new EventLoader(db, masterKey)) {
            database = db;
            floor = httpFloor;
            loader = eventLoader;
            calibrate();
            try (Service service = standalone()) {
                for (long events : plan.scaling()) {
                    long before = loader.events();
                    double cpuBefore = service.cpuSeconds();
                    long loadStarted = System.nanoTime();
                    load(events);
                    double caughtUp = awaitCaughtUp(service, "after loading " + events + " events");
                    measureStorage(service, events);
                    if (events == plan.rebuildPoint()) {
                        backlogEvents = events - before;
                        backlogSeconds = caughtUp;
                        units.add("live catch-up of " + millions(backlogEvents) + " COPY-loaded events (the ordinary"
                                  + " processors of every following build; from the load's start until caught up)",
                                "standalone", backlogEvents, "events", service.cpuSeconds() - cpuBefore,
                                (System.nanoTime() - loadStarted) / 1e9);
                        warmUp(service);
                        patch(service);
                        get(service);
                        unitThroughput(service);
                        readYourWrites("read-your-writes lag, standalone", service, service, Duration.ofMillis(50));
                        double rebuildCpu = service.cpuSeconds();
                        long rebuildStarted = System.nanoTime();
                        rebuild(service, events, plan.rebuildRounds(), true);
                        units.add("rebuild of userpreferences from " + millions(events) + " events, "
                                  + plan.rebuildRounds() + (plan.rebuildRounds() == 1 ? " round" : " rounds")
                                  + " (wall time includes the harness's COPY baseline, when the service is idle)",
                                "standalone", events * plan.rebuildRounds(), "events",
                                service.cpuSeconds() - rebuildCpu, (System.nanoTime() - rebuildStarted) / 1e9);
                    } else {
                        rebuild(service, events, 1, false);
                    }
                }
                scalingFigure();
                layeredDefaults(service);
                feedLag("standalone", service, service, 50);
            }
            split();
            instrumentCost();
            Report report = new Report(plan, repository, out, figures, scaling, notes, catchUp, db.version(),
                    started, Instant.now(), profile(), instrument).sections(capacitySections());
            report.write();
            System.out.println();
            System.out.println(report.table());
            log("Wrote " + out + " and " + report.chart());
        }
    }

    // --- start-up ---

    /**
     * Start-ups to health UP on a fresh data folder, in turn: the README's run command (the extracted jar from the
     * build's class-data archive, the figure the target is about) and the single jar, its baseline in the same run.
     */
    private void startUp() throws Exception {
        List<Double> archived = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        for (int round = 0; round < plan.startupRounds(); round++) {
            archived.add(startOnce("startup-" + round, (name, env) ->
                    Service.standalone(name, repository, work, env, List.of(), List.of())));
            single.add(startOnce("startup-single-jar-" + round, (name, env) ->
                    Service.start(name, jar("standalone/target/prefs-standalone.jar"), work, env, List.of())));
            log("start-up round " + (round + 1) + ": " + format(archived.get(round)) + " s from the class-data archive, "
                + format(single.get(round)) + " s as the single jar");
        }
        double median = median(archived);
        double baseline = median(single);
        figures.add(new Figure("standalone start-up to health UP (fresh data folder, embedded PostgreSQL; the README's"
                               + " command: the extracted jar from its class-data archive)",
                format(median) + " s", format(baseline) + " s (the single jar, `java -jar"
                                       + " standalone/target/prefs-standalone.jar`, in turn with it)",
                ratio(median / baseline), "", "", "≤ 10 s", verdict(median <= 10, "over by "
                + format(median - 10) + " s")));
    }

    private interface Launch {
        Service start(String name, Map<String, String> env) throws IOException;
    }

    private double startOnce(String name, Launch launch) throws Exception {
        Path data = Files.createTempDirectory(work, "startup-data");
        try (Service service = launch.start(name, Map.of("PREFS_DATA_DIR", data.toString()))) {
            return service.awaitHealthy(Duration.ofMinutes(3));
        } finally {
            deleteRecursively(data);
        }
    }

    // --- data ---

    private Service standalone() throws Exception {
        // Each rebuild round leaves the generation it replaced following events on standby, for 24 hours by default;
        // after the rounds of this run that would be several extra followers processing every later load. A
        // 30-second grace retires them between rounds (an operator's setting, not a code path of the benchmark).
        Service service = Service.start("standalone", jar("standalone/target/prefs-standalone.jar"), work,
                databaseEnv(), List.of(HEAP, "-XX:StartFlightRecording=filename=" + work.resolve("standalone.jfr")
                                       + ",settings=default,dumponexit=true",
                        "-Xlog:gc:file=" + work.resolve("standalone-gc.log")),
                List.of("--" + STANDBY_GRACE));
        double seconds = service.awaitHealthy(Duration.ofMinutes(3));
        log("standalone up on " + database.url() + " in " + format(seconds) + " s");
        return service;
    }

    private Map<String, String> databaseEnv() {
        return Map.of("SPRING_DATASOURCE_URL", database.url(), "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", "", "PREFS_JWT_SECRET", secret, "PREFS_MASTER_KEY", masterKey);
    }

    private void load(long events) throws Exception {
        long before = loader.events();
        double seconds = loader.loadUntil(events);
        log("loaded " + (loader.events() - before) + " events (COPY) in " + format(seconds) + " s; the store holds "
            + loader.events() + " events of " + loader.users() + " users");
    }

    /** A lag this small counts as nearly caught up: what is left then is waiting, not processing. */
    private static final long NEARLY = 1_000;

    /** Waits until every following build of every projection has processed every event; the seconds it took. */
    private double awaitCaughtUp(Service service, String when) throws Exception {
        Api api = new Api(service.base(), token);
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(40).toNanos();
        long nextReport = started + Duration.ofSeconds(30).toNanos();
        double nearlySeconds = -1;
        String nearlyLagging = "";
        while (System.nanoTime() < deadline) {
            boolean caughtUp = true;
            JsonNode projections;
            try {
                projections = api.json("/admin/projections");
            } catch (IOException | IllegalStateException e) {
                // A busy service may answer slowly or refuse for a moment; the deadline decides, not one request.
                service.requireAlive();
                log("the status request failed (" + e + "); asking again");
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                continue;
            }
            long lag = 0;
            List<String> lagging = new ArrayList<>();
            for (JsonNode projection : projections) {
                for (JsonNode build : projection.get("versions")) {
                    String status = build.get("status").asText();
                    if ((status.equals("live") || status.equals("standby") || status.equals("building"))
                        && build.get("lag").asLong() != 0) {
                        caughtUp = false;
                        lag = Math.max(lag, build.get("lag").asLong());
                        lagging.add(build.get("processingGroup").asText() + " (" + status + ") "
                                    + build.get("lag").asLong() + " behind at "
                                    + rate(build.path("eventsPerSecond").asDouble()) + " events/s");
                    }
                }
            }
            if (caughtUp) {
                double seconds = (System.nanoTime() - started) / 1e9;
                catchUp.put(when, format(seconds) + " s" + (nearlySeconds >= 0 && seconds - nearlySeconds >= 1
                        ? " (every build within " + NEARLY + " events after " + format(nearlySeconds) + " s; then "
                          + nearlyLagging + ")" : ""));
                log("projections caught up " + when + " in " + format(seconds) + " s" + (nearlySeconds >= 0
                        ? "; within " + NEARLY + " events after " + format(nearlySeconds) + " s" : ""));
                return seconds;
            }
            if (nearlySeconds < 0 && lag <= NEARLY) {
                nearlySeconds = (System.nanoTime() - started) / 1e9;
                nearlyLagging = String.join(", ", lagging);
            }
            if (System.nanoTime() > nextReport) {
                log("catching up " + when + ": largest lag " + lag + " events");
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException("The projections did not catch up " + when);
    }

    // --- rebuild ---

    private void rebuild(Service service, long events, int rounds, boolean reference) throws Exception {
        Api api = new Api(service.base(), token);
        List<Double> rebuildSeconds = new ArrayList<>();
        List<Double> copySeconds = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            HttpResponse<String> accepted = api.send("POST", "/admin/projections/userpreferences/rebuild", null, null);
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("rebuild answered " + accepted.statusCode() + ": " + accepted.body());
            }
            String jobId = Api.json(accepted).get("jobId").asText();
            while (true) {
                JsonNode job = api.json("/admin/rebuilds/" + jobId);
                String state = job.get("state").asText();
                if (state.equals("switched")) {
                    break;
                }
                if (state.equals("failed") || state.equals("cancelled")) {
                    throw new IllegalStateException("rebuild " + jobId + " " + state + ": " + job.get("error"));
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            rebuildSeconds.add((System.nanoTime() - started) / 1e9);
            copySeconds.add(copy(events));
            log("rebuild of " + events + " events round " + (round + 1) + ": " + format(rebuildSeconds.get(round))
                + " s (" + rate(events / rebuildSeconds.get(round)) + " events/s); COPY of as many rows "
                + format(copySeconds.get(round)) + " s");
        }
        double rebuild = median(rebuildSeconds);
        double copy = median(copySeconds);
        scaling.put(events, rebuild);
        if (reference) {
            double rate = events / rebuild;
            double ratio = copy / rebuild;
            figures.add(new Figure("rebuild of userpreferences from " + millions(events) + " events ("
                                   + millions(events / EventLoader.EVENTS_PER_USER) + " users), until switched in",
                    rate(rate) + " events/s", rate(events / copy) + " rows/s (COPY)", ratio(ratio), "", "",
                    "≥ 0.5 × COPY, at " + HEAP, verdict(ratio >= 0.5, "ratio " + percentBelow(ratio, 0.5))));
            if (backlogSeconds > 0) {
                double live = backlogEvents / backlogSeconds;
                double liveRatio = live / rate;
                figures.add(new Figure("live processing of a backlog of " + millions(backlogEvents) + " COPY-loaded"
                                       + " events (the ordinary processors of every following build, not the bulk"
                                       + " path; until caught up)", rate(live) + " events/s", rate(rate)
                                       + " events/s (the rebuild above)", ratio(liveRatio), "", "",
                        "≥ 0.5 × rebuild rate", verdict(liveRatio >= 0.5, "ratio " + percentBelow(liveRatio, 0.5))));
            }
        }
    }

    /** The baseline of a rebuild: COPY of {@code rows} rows of the read model's shape into a fresh table. */
    private double copy(long rows) throws Exception {
        String table = "bench_copy_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = database.connect()) {
            connection.createStatement().execute("CREATE TABLE " + table + " (LIKE userpreferences_v2 INCLUDING ALL)");
            long started = System.nanoTime();
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            int chunk = 100_000;
            for (long from = 0; from < rows; from += chunk) {
                StringBuilder csv = new StringBuilder(chunk * 110);
                for (long i = from; i < Math.min(rows, from + chunk); i++) {
                    csv.append(i).append(",c").append(i).append(",light,en,t,t,f,2026-01-01T00:00:00Z,")
                       .append("2026-01-01T00:00:01Z,10,f\n");
                }
                copy.copyIn("COPY " + table + " (id, user_id, theme, language, notify_email, notify_push, notify_sms,"
                            + " created_at, updated_at, version, deleted) FROM STDIN WITH (FORMAT csv)",
                        new java.io.StringReader(csv.toString()));
            }
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            connection.setAutoCommit(true);
            connection.createStatement().execute("DROP TABLE " + table);
            return seconds;
        }
    }

    // --- PATCH and GET ---

    private void patch(Service service) throws Exception {
        int clients = plan.clients();
        int users = loader.users();
        List<Load.Result> prefs = new ArrayList<>();
        List<Load.Result> floors = new ArrayList<>();
        List<Load.Result> jdbc = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++) {
            // Each run patches its own Workload.PATCH_POOL users, so every PATCH is a real change.
            int offset = round * 4 * Workload.PATCH_POOL;
            HttpRun run = closed(Workload.patch(service.base(), users, offset, token));
            HttpRun onFloor = closed(Workload.patch(floor.base(), users, offset + Workload.PATCH_POOL, token));
            prefs.add(run.result());
            floors.add(onFloor.result());
            jdbc.add(jdbcPatch(clients, users, offset + 2 * Workload.PATCH_POOL));
            log("PATCH round " + (round + 1) + ": " + run.describe() + "; HTTP floor " + onFloor.describe() + "; JDBC "
                + describe(jdbc.get(round)));
        }
        String workload = "PATCH one user over HTTP, " + clients + " connections, distinct users";
        addLoadFigure(workload, prefs, "HTTP floor: token check, read the user's events, append one, commit", floors,
                25, "≥ 0.5 × floor, p99 ≤ 25 ms");
        addDatabaseLine(workload, prefs, "JDBC in the harness: read the user's events, insert one, commit", jdbc);
        fixedRate(workload, Workload.patch(service.base(), users, 3 * Workload.PATCH_POOL, token), prefs, 25);
    }

    /**
     * Mixed PATCH and GET load before anything is measured: on two shared cores the service's JIT needs tens of
     * seconds of traffic before its request path is compiled, and the figures are meant for a service that has run.
     */
    private void warmUp(Service service) throws Exception {
        int clients = plan.clients();
        int users = loader.users();
        List<Api> apis = apis(service, clients);
        Load.Result warm = Load.run(clients, 0, plan.jitSeconds(), (client, n) -> {
            String user = EventLoader.userId((int) ((client * 7919L + n * 104_729L) % users));
            if (n % 2 == 0) {
                apis.get(client).read(user);
            } else {
                apis.get(client).patch(user, "{\"theme\":\"" + (n % 4 == 1 ? "light" : "dark") + "\"}");
            }
        });
        log("warm-up (" + Bench.format(plan.jitSeconds()) + " s of mixed PATCH and GET): " + describe(warm));
    }

    /** The user a client works on for its {@code n}th operation: its own users, round-robin over 50 of them. */
    private static int userFor(int offset, int client, long n, int clients, int users) {
        return (int) ((offset + client + (n % 50) * clients) % users);
    }

    private Load.Result jdbcPatch(int clients, int users, int offset) throws Exception {
        String table = "bench_events_" + UUID.randomUUID().toString().substring(0, 8);
        // Not INCLUDING ALL: that would copy the default nextval() of the event store's own sequence, and every
        // baseline insert would leave a gap in the real global index, which the service's processors then track.
        database.execute("CREATE TABLE " + table + " (LIKE domain_event_entry INCLUDING CONSTRAINTS INCLUDING INDEXES);"
                         + " ALTER TABLE " + table + " ALTER COLUMN global_index ADD GENERATED BY DEFAULT AS IDENTITY");
        List<Connection> connections = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Connection connection = database.connect();
            connection.setAutoCommit(false);
            connections.add(connection);
        }
        long[] nextSequence = new long[users];
        byte[] payload = "{\"userId\":\"u\",\"language\":\"de\"}".getBytes();
        byte[] metaData = "{\"sub\":\"bench\"}".getBytes();
        // The same crypto work as the service's storage engine, with a key cache of its own (as a process has).
        StoredForm form = storedForm();
        try {
            return Load.run(clients, plan.warmupSeconds(), plan.seconds(), (client, n) -> {
                Connection connection = connections.get(client);
                int user = userFor(offset, client, n, clients, users);
                String userId = EventLoader.userId(user);
                long last = form.readStream(connection, userId);
                String eventId = UUID.randomUUID().toString();
                StoredForm.Row row = form.seal(userId, eventId, payload, metaData);
                try (PreparedStatement append = connection.prepareStatement("INSERT INTO " + table
                        + " (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                        + " payload_revision, payload_type, time_stamp) VALUES (?, ?, 'UserPreferences', ?, ?, ?,"
                        + " '1', 'dev.prefs.events.LanguageChangedEvent', ?)")) {
                    append.setString(1, row.aggregateId());
                    append.setLong(2, last + 1 + nextSequence[user]++);
                    append.setString(3, eventId);
                    append.setBytes(4, row.metaData());
                    append.setBytes(5, row.payload());
                    append.setString(6, Instant.now().toString());
                    append.executeUpdate();
                }
                connection.commit();
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
            database.execute("DROP TABLE " + table);
            form.close();
        }
    }

    /** How the baselines read and write the event store: as the service under test stores events. */
    private StoredForm storedForm() {
        return StoredForm.encrypted(database, masterKey, plan.clients(), false);
    }

    private void get(Service service) throws Exception {
        int clients = plan.clients();
        int users = loader.users();
        String table = liveTable(service);
        floor.readFrom(table);
        List<Load.Result> prefs = new ArrayList<>();
        List<Load.Result> floors = new ArrayList<>();
        List<Load.Result> jdbc = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++) {
            HttpRun run = closed(Workload.get(service.base(), users, token));
            HttpRun onFloor = closed(Workload.get(floor.base(), users, token));
            prefs.add(run.result());
            floors.add(onFloor.result());
            List<Random> randoms = randoms(clients, round);
            List<Connection> connections = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                connections.add(database.connect());
            }
            try {
                jdbc.add(Load.run(clients, plan.warmupSeconds(), plan.seconds(), (client, n) -> {
                    try (PreparedStatement read = connections.get(client).prepareStatement("SELECT * FROM " + table
                            + " WHERE user_id = ?")) {
                        read.setString(1, EventLoader.userId(randoms.get(client).nextInt(users)));
                        try (ResultSet row = read.executeQuery()) {
                            if (!row.next()) {
                                throw new IllegalStateException("no row");
                            }
                        }
                    }
                }));
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
            log("GET round " + (round + 1) + ": " + run.describe() + "; HTTP floor " + onFloor.describe() + "; JDBC "
                + describe(jdbc.get(round)));
        }
        lastGet = prefs;
        String workload = "GET one user over HTTP, " + clients + " connections";
        addLoadFigure(workload, prefs, "HTTP floor: token check, point select in the live table, JSON", floors, 5,
                "≥ 0.5 × floor, p99 ≤ 5 ms");
        addDatabaseLine(workload, prefs, "JDBC in the harness: point select by key in the live table", jdbc);
        fixedRate(workload, Workload.get(service.base(), users, token), prefs, 5);
    }

    // --- the instrument ---

    /**
     * Picks the closed-loop generator (wrk where installed, unless {@value #GENERATOR_PROPERTY} says java) and, with
     * wrk, runs both generators on the floor's fixed answer: the Java generator, which runs the fixed-rate workloads,
     * must match wrk within 10 %.
     */
    private void calibrate() throws Exception {
        boolean forcedJava = "java".equals(System.getProperty(GENERATOR_PROPERTY));
        if (!forcedJava && Wrk.find() != null) {
            wrk = Wrk.prepare(work, 2);
        }
        Workload fixed = Workload.fixed(floor.base(), token);
        // The floor's JIT warms up first, so neither generator meets it cold.
        JavaGenerator.closed(fixed, plan.clients(), 0, Math.max(plan.warmupSeconds(), 3));
        HttpRun java = JavaGenerator.closed(fixed, plan.clients(), plan.warmupSeconds(), plan.seconds());
        log("calibration, Java generator on the floor's fixed answer: " + java.describe());
        if (wrk == null) {
            String why = forcedJava ? "-D" + GENERATOR_PROPERTY + "=java was given" : Wrk.INSTALL;
            instrument.add("Load generator: **" + JavaGenerator.NAME + "** (closed loop and fixed rate); wrk did not"
                           + " run: " + why + ". Without wrk to compare it with, its figures are not calibrated.");
            figures.add(new Figure("calibration: the floor's fixed answer, " + plan.clients() + " connections",
                    rate(java.result().rate()) + " /s (Java generator)", "wrk did not run", "",
                    millis(java.result().p50Millis()), millis(java.result().p99Millis()),
                    "Java generator within 10 % of wrk", "**not measured**: " + why));
            return;
        }
        HttpRun reference = wrk.closed(fixed, plan.clients(), plan.warmupSeconds(), plan.seconds());
        log("calibration, " + wrk.name() + " on the floor's fixed answer: " + reference.describe());
        // Then the other order, so a machine getting busier or quieter does not favour one of them.
        HttpRun wrkAgain = wrk.closed(fixed, plan.clients(), 0, plan.seconds());
        HttpRun javaAgain = JavaGenerator.closed(fixed, plan.clients(), 0, plan.seconds());
        log("calibration again, wrk then Java: " + wrkAgain.describe() + "; " + javaAgain.describe());
        java = better(java, javaAgain);
        reference = better(reference, wrkAgain);
        double ratio = java.result().rate() / reference.result().rate();
        instrument.add("Load generator: **" + wrk.name() + "** for every closed-loop workload (Lua scripts in "
                       + "`bench/src/main/resources/wrk`), " + plan.clients() + " keep-alive connections; **"
                       + JavaGenerator.NAME + "** (plain sockets, requests built before the run) for the fixed-rate "
                       + "runs, which wrk cannot do.");
        figures.add(new Figure("calibration: the floor's fixed answer, " + plan.clients() + " connections",
                rate(java.result().rate()) + " /s (Java generator; p99 " + millis(java.result().p99Millis()) + ")",
                rate(reference.result().rate()) + " /s (wrk; p99 " + millis(reference.result().p99Millis()) + ")",
                ratio(ratio), millis(java.result().p50Millis()), millis(java.result().p99Millis()),
                "Java generator within 10 % of wrk", verdict(Math.abs(ratio - 1) <= 0.1,
                        String.format("%.0f %% off", 100 * Math.abs(ratio - 1)))));
    }

    /** Of two runs of the same generator, the one with the higher rate (the one the shared machine hindered less). */
    private static HttpRun better(HttpRun a, HttpRun b) {
        return a.result().rate() >= b.result().rate() ? a : b;
    }

    /** A closed-loop run with the chosen generator, after the plan's warm-up; its cost is kept for the page. */
    private HttpRun closed(Workload workload) throws Exception {
        HttpRun run = wrk != null ? wrk.closed(workload, plan.clients(), plan.warmupSeconds(), plan.seconds())
                : JavaGenerator.closed(workload, plan.clients(), plan.warmupSeconds(), plan.seconds());
        generatorRuns.add(run);
        return run;
    }

    /**
     * The latencies of {@code workload} at {@value #FIXED_RATE_SHARE} of the closed loop's peak, open loop: counted
     * from each request's intended start, so they include any queueing a stall causes.
     */
    private void fixedRate(String name, Workload workload, List<Load.Result> closedLoop, double p99Target)
            throws Exception {
        double peak = median(closedLoop, Load.Result::rate);
        double rate = FIXED_RATE_SHARE * peak;
        HttpRun run = JavaGenerator.fixedRate(workload, plan.clients(), rate, plan.warmupSeconds(), plan.seconds());
        generatorRuns.add(run);
        log(name + " at a fixed " + rate(rate) + "/s: " + run.describe());
        Load.Result r = run.result();
        if (r.failures() > 0) {
            notes.add(name + ", fixed rate: " + r.failures() + " failed requests, first: " + r.firstFailure());
        }
        boolean kept = r.rate() >= 0.95 * rate;
        figures.add(new Figure(name + ", fixed rate " + rate(rate) + "/s (" + Math.round(100 * FIXED_RATE_SHARE)
                               + " % of the closed loop's peak), open loop, latency from the intended start",
                rate(r.rate()) + " /s achieved", "", "", millis(r.p50Millis()), millis(r.p99Millis()) + " (p99.9 "
                + millis(run.p999Millis()) + ", max " + millis(run.maxMillis()) + ")", "p99 ≤ " + millis(p99Target),
                verdict(r.p99Millis() <= p99Target && kept, (r.p99Millis() > p99Target ? "p99 over by "
                        + millis(r.p99Millis() - p99Target) : "") + (kept ? "" : (r.p99Millis() > p99Target ? ", " : "")
                        + "the rate was not kept"))));
    }

    /** The page's line on what the load generators cost: their CPU against the machine's busy CPU. */
    private void instrumentCost() {
        for (String generator : generatorRuns.stream().map(HttpRun::generator).distinct().toList()) {
            List<HttpRun> runs = generatorRuns.stream().filter(r -> r.generator().equals(generator)).toList();
            double cpu = runs.stream().mapToDouble(HttpRun::generatorCpuSeconds).sum();
            double busy = runs.stream().mapToDouble(HttpRun::machineBusySeconds).sum();
            double machine = runs.stream().mapToDouble(r -> r.elapsedSeconds() * r.cores()).sum();
            instrument.add(String.format("CPU of %s over its %d runs (warm-ups included): %.1f s, %.0f %% of the "
                                         + "CPU the machine used meanwhile (%.0f %% of all its cores' time), from "
                                         + "/proc", generator, runs.size(), cpu, 100 * cpu / busy, 100 * cpu / machine));
        }
    }

    /** Whether rebuild time grows linearly from the rebuild point to the largest load. */
    private void scalingFigure() {
        long largest = plan.scaling().get(plan.scaling().size() - 1);
        long reference = plan.rebuildPoint();
        if (largest == reference || !scaling.containsKey(largest) || !scaling.containsKey(reference)) {
            return;
        }
        double perMillionReference = scaling.get(reference) / (reference / 1e6);
        double perMillionLargest = scaling.get(largest) / (largest / 1e6);
        double growth = perMillionLargest / perMillionReference;
        figures.add(new Figure("rebuild scaling " + millions(reference) + " → " + millions(largest) + " events at "
                               + HEAP + " (seconds per million events)", format(perMillionLargest) + " s at "
                               + millions(largest), format(perMillionReference) + " s at " + millions(reference),
                ratio(growth), "", "", "linear: at most 1.25 × the time per event",
                verdict(growth <= 1.25, String.format("%.0f %% slower per event", 100 * (growth - 1)))));
    }

    // --- layered defaults ---

    /**
     * A tenant default changed over {@link Plan#tenantUsers()} users who inherit it, and explain beside the plain GET
     * under the same load (both resolve the layers; GET also carries {@code sources}).
     */
    private void layeredDefaults(Service service) throws Exception {
        int tenantUsers = plan.tenantUsers();
        double seconds = loader.loadTenant(LayeredDefaults.TENANT, tenantUsers);
        log("loaded " + tenantUsers + " users of tenant " + LayeredDefaults.TENANT + " who inherit every field (COPY)"
            + " in " + format(seconds) + " s");
        awaitCaughtUp(service, "after loading " + tenantUsers + " inheriting users of one tenant");
        LayeredDefaults layers = new LayeredDefaults(plan, token);
        List<LayeredDefaults.Change> changes = layers.defaultChanges(service, tenantUsers, 2 * plan.rounds() + 1);
        List<Double> visible = changes.stream().map(LayeredDefaults.Change::visibleMillis).sorted().toList();
        double worst = visible.get(visible.size() - 1);
        double target = 50;
        figures.add(new Figure("tenant default change over " + tenantUsers + " inheriting users (PATCH 2xx → every"
                               + " user reads it and the tenant's stats agree; " + changes.size() + " changes)", "",
                "", "", millis(median(visible)), millis(worst) + " (max)", "max ≤ " + millis(target),
                verdict(worst <= target, "max over by " + millis(worst - target))));
        List<Load.Result> explain = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++) {
            HttpRun run = closed(Workload.explain(service.base(), loader.users(), token));
            explain.add(run.result());
            log("explain round " + (round + 1) + ": " + run.describe());
        }
        addLoadFigure("GET explain of one user over HTTP, " + plan.clients() + " connections", explain,
                "GET one user over HTTP, the same generator in this run", lastGet, 10,
                "≥ 0.5 × GET, p99 ≤ 10 ms");
    }

    private String liveTable(Service service) throws Exception {
        for (JsonNode projection : new Api(service.base(), token).json("/admin/projections")) {
            if (projection.get("name").asText().equals("userpreferences")) {
                for (JsonNode build : projection.get("versions")) {
                    if (build.get("status").asText().equals("live")) {
                        return build.get("table").asText();
                    }
                }
            }
        }
        throw new IllegalStateException("no live userpreferences build");
    }

    private void addLoadFigure(String workload, List<Load.Result> prefs, String baseline, List<Load.Result> jdbc,
                               double p99Target, String target) {
        double rate = median(prefs, Load.Result::rate);
        double baseRate = median(jdbc, Load.Result::rate);
        double p50 = median(prefs, Load.Result::p50Millis);
        double p99 = median(prefs, Load.Result::p99Millis);
        double ratio = rate / baseRate;
        long failures = prefs.stream().mapToLong(Load.Result::failures).sum();
        if (failures > 0) {
            notes.add(workload + ": " + failures + " failed requests, first: "
                      + prefs.stream().map(Load.Result::firstFailure).filter(f -> f != null).findFirst().orElse(""));
        }
        long baselineFailures = jdbc.stream().mapToLong(Load.Result::failures).sum();
        if (baselineFailures > 0) {
            notes.add(workload + ", " + baseline + ": " + baselineFailures + " failed requests, first: "
                      + jdbc.stream().map(Load.Result::firstFailure).filter(f -> f != null).findFirst().orElse(""));
        }
        figures.add(new Figure(workload, rate(rate) + " /s", rate(baseRate) + " /s (" + baseline + "; p50 "
                + millis(median(jdbc, Load.Result::p50Millis)) + ", p99 " + millis(median(jdbc, Load.Result::p99Millis))
                + ")", ratio(ratio), millis(p50), millis(p99), target,
                verdict(ratio >= 0.5 && p99 <= p99Target, (ratio < 0.5 ? "ratio " + percentBelow(ratio, 0.5) : "")
                        + (ratio < 0.5 && p99 > p99Target ? ", " : "")
                        + (p99 > p99Target ? "p99 over by " + millis(p99 - p99Target) : ""))));
    }

    /** The second, lower line of a workload: the same database work by JDBC from the harness, no HTTP, no token. */
    private void addDatabaseLine(String workload, List<Load.Result> prefs, String baseline, List<Load.Result> jdbc) {
        double rate = median(prefs, Load.Result::rate);
        double baseRate = median(jdbc, Load.Result::rate);
        figures.add(new Figure(workload + ": against the database alone", rate(rate) + " /s", rate(baseRate) + " /s ("
                + baseline + "; p50 " + millis(median(jdbc, Load.Result::p50Millis)) + ", p99 "
                + millis(median(jdbc, Load.Result::p99Millis)) + ")", ratio(rate / baseRate), "", "",
                "(no target: a lower line)", ""));
    }

    // --- read-your-writes ---

    private void readYourWrites(String workload, Service commands, Service queries, Duration target)
            throws Exception {
        Api write = new Api(commands.base(), token);
        Api read = new Api(queries.base(), token);
        int users = loader.users();
        long[] lags = new long[plan.rywSamples()];
        int timeouts = 0;
        Random random = new Random(7);
        for (int i = 0; i < lags.length; i++) {
            String user = EventLoader.userId(random.nextInt(users));
            long version = write.patch(user, "{\"theme\":\"" + (i % 2 == 0 ? "light" : "dark") + "\","
                                             + "\"language\":\"" + (i % 2 == 0 ? "de" : "fr") + "\"}");
            long acknowledged = System.nanoTime();
            if (!read.awaitVersion(user, version, Duration.ofSeconds(5))) {
                timeouts++;
            }
            lags[i] = System.nanoTime() - acknowledged;
        }
        Load.Result result = Load.summarise(lags, timeouts, 1, null);
        double targetMillis = target.toMillis();
        long over = Arrays.stream(lags).filter(lag -> lag > target.toNanos()).count();
        log(workload + ": p50 " + millis(result.p50Millis()) + ", p99 " + millis(result.p99Millis()) + ", max "
            + millis(Arrays.stream(lags).max().orElse(0) / 1e6) + "; " + over + " of " + lags.length
            + " over " + target.toMillis() + " ms, " + timeouts + " over 5 s");
        if (over > 0) {
            notes.add(workload + ": " + over + " of " + lags.length + " writes took longer than " + target.toMillis()
                      + " ms to show (max " + millis(Arrays.stream(lags).max().orElse(0) / 1e6) + ")");
        }
        figures.add(new Figure(workload + " (command 2xx → query shows it; " + lags.length + " writes)", "", "", "",
                millis(result.p50Millis()), millis(result.p99Millis()), "p99 ≤ " + target.toMillis() + " ms",
                verdict(result.p99Millis() <= targetMillis && timeouts == 0, "p99 over by "
                        + millis(result.p99Millis() - targetMillis))));
    }

    private void split() throws Exception {
        try (Service commands = Service.start("command-side", jar("command-side/target/command-side-"
                        + version() + "-exec.jar"), work, databaseEnv(), List.of());
             Service queries = Service.start("query-side", jar("query-side/target/query-side-" + version()
                        + "-exec.jar"), work, databaseEnv(), List.of())) {
            commands.awaitHealthy(Duration.ofMinutes(3));
            queries.awaitHealthy(Duration.ofMinutes(3));
            awaitCaughtUp(queries, "when the split deployment's query side started");
            readYourWrites("read-your-writes lag, split deployment (two JVMs, one database)", commands, queries,
                    Duration.ofMillis(200));
            feedLag("split", commands, queries, 200);
            scaleOut(commands, queries);
        }
    }

    // --- past one process, and the capacity model's unit costs (issue 18) ---

    /** The first pool of {@link Workload#PATCH_POOL} users of the capacity runs: after those of patch and feedLag. */
    private int capacityPool() {
        return plan.rounds() * 4 + 20;
    }

    /** Two command sides and two query sides: {@link ScaleOut}, beside the split deployment's pair. */
    private void scaleOut(Service commands, Service queries) throws Exception {
        new ScaleOut(plan, database, token, loader.users(), capacityPool() + 1,
                (workload, warmup, seconds) -> wrk != null ? wrk.closed(workload, plan.clients(), warmup, seconds)
                        : JavaGenerator.closed(workload, plan.clients(), warmup, seconds),
                generatorRuns::add,
                (name, commandSide) -> Service.start(name, jar(commandSide
                        ? "command-side/target/command-side-" + version() + "-exec.jar"
                        : "query-side/target/query-side-" + version() + "-exec.jar"), work, databaseEnv(), List.of()),
                figures, notes, units).run(commands, queries);
    }

    /** The point of the plan where the storage is measured: 3M events where the plan has it, else its largest. */
    private long storagePoint() {
        return plan.scaling().contains(3_000_000L) ? 3_000_000L : plan.scaling().get(plan.scaling().size() - 1);
    }

    private void measureStorage(Service service, long events) throws Exception {
        if (events == storagePoint()) {
            storage = Storage.measure(database, "at the " + millions(events) + "-event point of the " + plan.name()
                                                + " plan", liveTable(service));
            log("storage: " + String.format("%,d", storage.total()) + " bytes for " + storage.events() + " events of "
                + storage.users() + " users");
        }
    }

    /**
     * PATCH and GET once more, closed loop with no warm-up (the service has just run both), with the standalone's
     * CPU time read before and after each run: requests per CPU-second of the service process.
     */
    private void unitThroughput(Service service) throws Exception {
        int users = loader.users();
        Workload patch = Workload.patch(service.base(), users, capacityPool() * Workload.PATCH_POOL, token);
        Workload get = Workload.get(service.base(), users, token);
        for (Workload workload : List.of(patch, get)) {
            double before = service.cpuSeconds();
            long started = System.nanoTime();
            HttpRun run = wrk != null ? wrk.closed(workload, plan.clients(), 0, plan.seconds())
                    : JavaGenerator.closed(workload, plan.clients(), 0, plan.seconds());
            generatorRuns.add(run);
            units.add(workload.kind() + " one user over HTTP, " + plan.clients() + " connections" + (workload == patch
                    ? ", distinct users (the live processors' handling of the new events included)" : ""),
                    "standalone", run.result().operations(), "requests", service.cpuSeconds() - before,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private Map<String, String> capacitySections() {
        Map<String, String> sections = new LinkedHashMap<>();
        if (storage != null) {
            sections.put("Storage per event and per user", storage.markdown());
        }
        if (!units.isEmpty()) {
            sections.put("Unit throughput per CPU-second", units.markdown());
        }
        return sections;
    }

    // --- the change feed ---

    /** The steady write rate of the change-feed lag runs, PATCHes per second. */
    static final double FEED_WRITES_PER_SECOND = 50;
    /** The next user the change-feed runs PATCH (each once), counting down from the last loaded user. */
    private int feedUser = -1;
    /** How many closed-loop PATCH runs of the change-feed workload came before (each takes its own users). */
    private int feedPatchRuns;

    /**
     * Change-to-consumer lag with 1 and with {@link Plan#feedConsumers()} SSE consumers of {@code queries}, writes to
     * {@code commands}; and the closed-loop PATCH rate without consumers and with them all connected, in this run.
     */
    private void feedLag(String deployment, Service commands, Service queries, double lagTarget) throws Exception {
        if (feedUser < 0) {
            feedUser = loader.users() - 1;
            instrument.add("Change-feed consumers: plain sockets streaming `GET /api/changes` (`Accept: "
                           + "text/event-stream`, admin token, `Last-Event-ID` of the feed's newest item), all on one"
                           + " NIO thread of the harness, parsing the chunked body into `data:` lines. One writer"
                           + " PATCHes distinct users at " + rate(FEED_WRITES_PER_SECOND) + "/s for "
                           + format(plan.seconds()) + " s; lag = when the selector woke with the item of that user"
                           + " and version − when the PATCH's 2xx arrived, over every (consumer, write) pair; each"
                           + " consumer must get each write exactly once.");
        }
        FeedLag feed = new FeedLag(token);
        Api write = new Api(commands.base(), token);
        Api read = new Api(queries.base(), token);
        int users = loader.users();
        HttpRun without = closed(Workload.patch(commands.base(), users, feedPatchOffset(), token));
        log("change feed, " + deployment + ": PATCH without consumers " + without.describe());
        List<FeedLag.Result> lags = new ArrayList<>();
        HttpRun with;
        int many = plan.feedConsumers();
        try (FeedLag.Consumers one = feed.connect(queries.base(), feed.head(write, read,
                EventLoader.userId(feedUser--)), 1)) {
            lags.add(lag(deployment, feed, write, one));
        }
        try (FeedLag.Consumers all = feed.connect(queries.base(), feed.head(write, read,
                EventLoader.userId(feedUser--)), many)) {
            lags.add(lag(deployment, feed, write, all));
            with = closed(Workload.patch(commands.base(), users, feedPatchOffset(), token));
            log("change feed, " + deployment + ": PATCH with " + many + " consumers " + with.describe() + "; the"
                + " consumers received " + all.items() + " items; " + all.describe());
            if (all.closed() > 0) {
                notes.add("change feed, " + deployment + ": the service closed " + all.closed() + " of " + many
                          + " consumers that kept reading, during the PATCH run with them connected");
            }
        }
        for (FeedLag.Result r : lags) {
            boolean once = r.missing() == 0 && r.duplicates() == 0 && r.failedWrites() == 0;
            String count = r.writes() + " writes at " + rate(FEED_WRITES_PER_SECOND) + "/s × " + r.consumers()
                           + (r.consumers() == 1 ? " consumer" : " consumers") + ": " + r.pairs() + " arrived, "
                           + r.missing() + " missed, " + r.duplicates() + " repeated"
                           + (r.failedWrites() > 0 ? ", " + r.failedWrites() + " PATCHes failed" : "");
            if (!once) {
                notes.add("change feed lag, " + deployment + ", " + r.consumers() + " consumers: not every consumer"
                          + " received every write exactly once (" + count + ")");
            }
            figures.add(new Figure("change feed lag, " + deployment + ", " + r.consumers()
                                   + (r.consumers() == 1 ? " consumer" : " consumers") + " (PATCH 2xx → the item on"
                                   + " each SSE stream of GET /api/changes; " + count + ")", "", "", "",
                    millis(r.p50Millis()), millis(r.p99Millis()) + " (max " + millis(r.maxMillis()) + ")",
                    "p99 ≤ " + millis(lagTarget) + ", every write once to every consumer",
                    verdict(r.p99Millis() <= lagTarget && once, (r.p99Millis() > lagTarget ? "p99 over by "
                            + millis(r.p99Millis() - lagTarget) : "") + (once ? "" : (r.p99Millis() > lagTarget
                            ? ", " : "") + r.missing() + " missed, " + r.duplicates() + " repeated"))));
        }
        double ratio = with.result().rate() / without.result().rate();
        figures.add(new Figure("PATCH one user over HTTP, " + plan.clients() + " connections, distinct users, with "
                               + many + " change-feed consumers connected, " + deployment, rate(with.result().rate())
                               + " /s", rate(without.result().rate()) + " /s (the same, no consumers, in this run;"
                               + " p50 " + millis(without.result().p50Millis()) + ", p99 "
                               + millis(without.result().p99Millis()) + ")", ratio(ratio),
                millis(with.result().p50Millis()), millis(with.result().p99Millis()), "≥ 0.9 × without consumers",
                verdict(ratio >= 0.9, "ratio " + percentBelow(ratio, 0.9))));
    }

    private FeedLag.Result lag(String deployment, FeedLag feed, Api write, FeedLag.Consumers consumers)
            throws Exception {
        FeedLag.Result r = feed.measure(write, consumers, feedUser, FEED_WRITES_PER_SECOND, plan.seconds());
        feedUser -= r.writes() + (int) r.failedWrites();
        log("change feed lag, " + deployment + ", " + r.consumers() + " consumer(s): p50 " + millis(r.p50Millis())
            + ", p99 " + millis(r.p99Millis()) + ", max " + millis(r.maxMillis()) + "; " + r.pairs() + " pairs, "
            + r.missing() + " missed, " + r.duplicates() + " repeated, " + r.failedWrites() + " PATCHes failed; "
            + consumers.describe());
        return r;
    }

    /** A pool of users for one closed-loop PATCH run of the change-feed workload, after those of {@link #patch}. */
    private int feedPatchOffset() {
        return (plan.rounds() * 4 + feedPatchRuns++) * Workload.PATCH_POOL;
    }

    // --- the profile ---

    /** The hottest methods of the standalone JVM over the whole run, from its JFR recording (dumped on exit). */
    private List<String> profile() {
        Path recording = work.resolve("standalone.jfr");
        if (!Files.exists(recording)) {
            return List.of();
        }
        Map<String, Integer> top = new LinkedHashMap<>();
        int total = 0;
        try (var file = new jdk.jfr.consumer.RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                var event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                var frame = event.getStackTrace().getFrames().get(0);
                top.merge(frame.getMethod().getType().getName() + "." + frame.getMethod().getName(), 1, Integer::sum);
                total++;
            }
        } catch (IOException e) {
            return List.of("(the JFR recording could not be read: " + e + ")");
        }
        int samples = total;
        return top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(15).map(e -> String.format("%5.1f %%  %s", 100.0 * e.getValue() / samples, e.getKey()))
                .toList();
    }

    // --- helpers ---

    private List<Api> apis(Service service, int clients) {
        List<Api> apis = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            apis.add(new Api(service.base(), token));
        }
        return apis;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static List<Random> randoms(int clients, int round) {
        List<Random> randoms = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            randoms.add(new Random(round * 100L + c));
        }
        return randoms;
    }

    private Path jar(String relative) {
        return repository.resolve(relative);
    }

    private String version() throws IOException {
        String pom = Files.readString(repository.resolve("pom.xml"));
        int start = pom.indexOf("<version>", pom.indexOf("<artifactId>prefs-parent</artifactId>"));
        return pom.substring(start + "<version>".length(), pom.indexOf("</version>", start));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double median(List<Load.Result> results, ToDoubleFunction<Load.Result> figure) {
        return median(results.stream().map(figure::applyAsDouble).toList());
    }

    private static String describe(Load.Result result) {
        return rate(result.rate()) + "/s, p50 " + millis(result.p50Millis()) + ", p99 " + millis(result.p99Millis())
               + (result.failures() > 0 ? ", " + result.failures() + " failed (" + result.firstFailure() + ")" : "");
    }

    private static String verdict(boolean met, String miss) {
        return met ? "met" : "**missed**: " + miss;
    }

    private static String percentBelow(double value, double target) {
        return String.format("%.0f %% below", 100 * (target - value) / target);
    }

    static String format(double value) {
        return String.format("%.1f", value);
    }

    static String rate(double value) {
        return String.format("%,.0f", value);
    }

    static String ratio(double value) {
        return String.format("%.2f", value);
    }

    static String millis(double value) {
        return String.format("%.1f ms", value);
    }

    static String millions(long value) {
        return value >= 1_000_000 && value % 1_000_000 == 0 ? value / 1_000_000 + "M"
                : value >= 1_000 && value % 1_000 == 0 ? value / 1_000 + "k" : String.valueOf(value);
    }

    static void log(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
