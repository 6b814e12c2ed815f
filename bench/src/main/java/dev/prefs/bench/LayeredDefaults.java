package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The tenants release's workloads. A tenant default change over many users who inherit it: the time from the PATCH's
 * 2xx until every one of them reads the new value (the tenant's stats count all of them at the new value, and a
 * random sample of them reads it with {@code sources} saying {@code tenant}). Explain under load is a
 * {@link Workload} like the plain GET, run by the same generator.
 */
final class LayeredDefaults {

    static final String TENANT = "bench-tenant";
    private static final String[] THEMES = {"light", "system"};
    private static final int SAMPLE = 100;

    private final Bench.Plan plan;
    private final String token;

    LayeredDefaults(Bench.Plan plan, String token) {
        this.plan = plan;
        this.token = token;
    }

    /** One change of the tenant's default theme: milliseconds until all {@code users} read it. */
    record Change(String theme, double acknowledgedMillis, double visibleMillis, int polls) {
    }

    /**
     * Changes the tenant's default theme {@code rounds} times and measures each; {@code users} tenant users (ids
     * {@link EventLoader#tenantUserId}) must be loaded and projected, and none of them may hold a theme of their own.
     */
    List<Change> defaultChanges(Service service, int users, int rounds) throws Exception {
        Api api = new Api(service.base(), token);
        List<Change> changes = new ArrayList<>();
        Random random = new Random(11);
        for (int round = 0; round < rounds; round++) {
            String theme = THEMES[round % THEMES.length];
            long start = System.nanoTime();
            HttpResponse<String> answer = api.send("PATCH", "/api/tenants/" + TENANT + "/defaults",
                    "application/merge-patch+json", "{\"theme\":\"" + theme + "\"}");
            long acknowledged = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("PATCH tenant defaults answered " + answer.statusCode() + ": "
                                                + answer.body());
            }
            long deadline = acknowledged + Duration.ofMinutes(2).toNanos();
            int polls = 0;
            // The two read models commit the layer each in its own processor: poll each with one cheap request, then
            // check a random sample of users; the change is visible when both agree and the whole sample reads it.
            long userSees = 0;
            long statsAgree = 0;
            while (userSees == 0 || statsAgree == 0 || !sampleReads(api, theme, users, random)) {
                polls++;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The tenant's " + users + " users did not all read theme " + theme
                                                    + " within 2 minutes of the change");
                }
                if (userSees == 0 && reads(api, EventLoader.tenantUserId(random.nextInt(users)), theme)) {
                    userSees = System.nanoTime();
                }
                if (statsAgree == 0 && statsCount(api, theme, users)) {
                    statsAgree = System.nanoTime();
                }
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
            long visible = Math.max(userSees, statsAgree);
            changes.add(new Change(theme, (acknowledged - start) / 1e6, (visible - acknowledged) / 1e6, polls));
            Bench.log("tenant default theme → " + theme + ": 2xx after " + Bench.millis((acknowledged - start) / 1e6)
                      + ", all " + users + " users read it " + Bench.millis((visible - acknowledged) / 1e6)
                      + " later (" + polls + " polls before)");
        }
        return changes;
    }

    /** The tenant's stats count every one of its {@code users} at {@code theme}. */
    private static boolean statsCount(Api api, String theme, int users) throws Exception {
        JsonNode stats = api.json("/api/preferences/stats?tenantId=" + TENANT);
        return stats.path("total").asLong() == users && stats.path("byTheme").path(theme).asLong() == users;
    }

    /** {@code user} reads {@code theme}, from the tenant layer. */
    private static boolean reads(Api api, String user, String theme) throws Exception {
        JsonNode read = api.json("/api/users/" + user + "/preferences");
        return theme.equals(read.path("theme").asText()) && "tenant".equals(read.path("sources").path("theme").asText());
    }

    /** A random sample of the tenant's users all read {@code theme} from the tenant layer. */
    private static boolean sampleReads(Api api, String theme, int users, Random random) throws Exception {
        for (int i = 0; i < SAMPLE; i++) {
            if (!reads(api, EventLoader.tenantUserId(random.nextInt(users)), theme)) {
                return false;
            }
        }
        return true;
    }
}
