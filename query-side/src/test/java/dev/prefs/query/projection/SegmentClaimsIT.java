package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Segment claims in a split deployment (query-side processes on one PostgreSQL): a clean stop releases every claim;
 * health is UP while another live process holds the segments, and not UP while a segment's claim has timed out and
 * nobody took it yet; the claims of a query-side process that died (left behind with a fresh timestamp, as a
 * process killed right after renewing them leaves them) are respected while the owner could still renew them, then
 * taken over within the claim timeout plus the claim interval; after that every write reads back at once.
 */
class SegmentClaimsIT {

    static final TestDatabase DB = TestDatabase.migrated("query_segment_claims");
    /** The defaults of prefs.events.token-claim-timeout and prefs.query.projections.claim-interval. */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CLAIM_INTERVAL = Duration.ofSeconds(1);
    static final String DEAD_OWNER = "4242@query-side-killed";

    private final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    private final List<ConfigurableApplicationContext> processes = new ArrayList<>();

    @AfterEach
    void close() {
        processes.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aCleanStopReleasesTheClaimsAndADeadProcesssClaimsAreTakenOverWithinTheClaimTimeout() {
        StoredEvents events = new StoredEvents(DB.dataSource(), 7);
        List<String> users = IntStream.range(0, 20).mapToObj(i -> "claims-" + i).toList();
        events.users("claims-", users.size(), 2);

        ConfigurableApplicationContext first = start();
        HttpJson http = new HttpJson(port(first));
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/actuator/health").statusCode() == 200);
        assertThat(claims()).as("segments of the running processors").isNotEmpty().allSatisfy(
                claim -> assertThat(claim.owner()).isNotNull());
        List<String> processors = claims().stream().map(Claim::processor).distinct().toList();
        assertThat(processors).contains("userpreferences_v3");

        first.close();
        processes.remove(first);
        assertThat(claims()).as("claims after a clean stop").isNotEmpty()
                .allSatisfy(claim -> assertThat(claim.owner()).isNull());

        // Another query-side process holds every segment and keeps renewing its claims (stamped an hour ahead, so
        // they hold however long the starts below take).
        jdbc.update("UPDATE token_entry SET owner = ?, timestamp = ?", DEAD_OWNER,
                Instant.now().plus(Duration.ofHours(1)).toString());

        // A process that looks for unclaimed segments only every two minutes: after its first look, nothing claims
        // the segments while the test watches its health.
        ConfigurableApplicationContext slow = start("--prefs.events.token-claim-timeout=10m",
                "--prefs.query.projections.claim-interval=2m");
        HttpJson slowHttp = new HttpJson(port(slow));
        awaitProcessors(slow, processors.size());
        assertThat(ownSegments(slow)).as("segments claimed from a live owner").isZero();
        HttpResponse<String> heldElsewhere = slowHttp.get("/actuator/health");
        assertThat(heldElsewhere.statusCode()).as("health while another live process holds every segment: %s",
                heldElsewhere.body()).isEqualTo(200);
        assertThat(claimed(heldElsewhere)).isTrue();
        // The other process is gone, and its claims have timed out: nobody projects those segments.
        jdbc.update("UPDATE token_entry SET timestamp = ?", Instant.now().minus(Duration.ofHours(1)).toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> slowHttp.get("/actuator/health").statusCode() == 503);
        assertThat(claimed(slowHttp.get("/actuator/health"))).isFalse();
        slow.close();
        processes.remove(slow);

        // Again a live owner, which this time dies right after renewing its claims, while changes arrive that only a
        // processor holding the segments would project. A process with the default settings takes them over.
        jdbc.update("UPDATE token_entry SET owner = ?, timestamp = ?", DEAD_OWNER,
                Instant.now().plus(Duration.ofHours(1)).toString());
        events.changes(users);
        ConfigurableApplicationContext second = start();
        HttpJson http2 = new HttpJson(port(second));
        awaitProcessors(second, processors.size());
        assertThat(ownSegments(second)).as("segments claimed from a live owner").isZero();
        Instant died = Instant.now();
        jdbc.update("UPDATE token_entry SET timestamp = ? WHERE owner = ?", died.toString(), DEAD_OWNER);

        await().atMost(CLAIM_TIMEOUT.plus(CLAIM_INTERVAL).plusSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> claims().stream().noneMatch(claim -> DEAD_OWNER.equals(claim.owner())));
        Duration takenOver = Duration.between(died, Instant.now());
        // Before the timeout the owner could still have been alive: its claims must not be taken from it.
        assertThat(takenOver).as("taken over after").isGreaterThanOrEqualTo(CLAIM_TIMEOUT.minusMillis(100));
        assertThat(claims()).allSatisfy(claim -> assertThat(claim.owner()).isNotNull());
        await().atMost(Duration.ofSeconds(5)).until(() -> http2.get("/actuator/health").statusCode() == 200);

        // UP means read-your-writes: the first read of each change answers, within the consistency timeout.
        for (String user : users) {
            long version = events.expected().get(user).version();
            HttpResponse<String> read = http2.get("/api/users/" + user + "/preferences?minVersion=" + version);
            assertThat(read.statusCode()).as("%s at version %d: %s", user, version, read.body()).isEqualTo(200);
        }
        System.out.printf("SegmentClaimsIT: a dead process's claims taken over %d ms after its last renewal%n",
                takenOver.toMillis());
    }

    private record Claim(String processor, int segment, String owner) {
    }

    private List<Claim> claims() {
        return jdbc.query("SELECT processor_name, segment, owner FROM token_entry ORDER BY 1, 2",
                (rs, row) -> new Claim(rs.getString(1), rs.getInt(2), rs.getString(3)));
    }

    /** Segments this process's processors hold. */
    private static int ownSegments(ConfigurableApplicationContext context) {
        return context.getBean(ProjectionRuntime.class).processors().stream()
                .mapToInt(p -> ((StreamingEventProcessor) p).processingStatus().size()).sum();
    }

    private static void awaitProcessors(ConfigurableApplicationContext context, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> context.getBean(ProjectionRuntime.class).processors().size() == count);
    }

    private static boolean claimed(HttpResponse<String> health) {
        JsonNode processor = HttpJson.json(health).path("components").path("eventProcessors").path("details")
                .path("processors").path("userpreferences_v3");
        assertThat(processor.path("claimed").isBoolean()).as(health.body()).isTrue();
        return processor.path("claimed").asBoolean();
    }

    private ConfigurableApplicationContext start(String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0", "--spring.datasource.url=" + DB.url(),
                "--spring.datasource.username=" + DB.username(), "--spring.datasource.password=" + DB.password()));
        arguments.addAll(List.of(settings));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(QuerySideApplication.class)
                .run(arguments.toArray(String[]::new));
        processes.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
