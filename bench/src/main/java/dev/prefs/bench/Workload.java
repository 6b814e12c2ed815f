package dev.prefs.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP workload as both load generators run it: against {@code base} (the service or the HTTP floor), with the
 * admin bearer token. GET reads a random user of {@code users} per request; PATCH sets a language on distinct users
 * ({@link #PATCH_POOL} of them from {@code offset}, no two in flight at once, each a real change); EXPLAIN asks a
 * random user's explain (every layer resolved, with setters and shadowed values); FIXED asks the floor's
 * fixed-answer endpoint (calibration).
 */
record Workload(Kind kind, String base, int users, int offset, String token) {

    enum Kind {
        GET("/preferences"), PATCH("/preferences"), EXPLAIN("/preferences/explain"), FIXED("");

        /** What follows the user id in the path. */
        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    /** How many users a PATCH run cycles over: 50 per connection of 8. */
    static final int PATCH_POOL = 400;
    static final String USER_PREFIX = "u";
    static final String FIXED_PATH = "/fixed";

    static Workload get(String base, int users, String token) {
        return new Workload(Kind.GET, base, users, 0, token);
    }

    static Workload explain(String base, int users, String token) {
        return new Workload(Kind.EXPLAIN, base, users, 0, token);
    }

    static Workload patch(String base, int users, int offset, String token) {
        return new Workload(Kind.PATCH, base, users, offset, token);
    }

    static Workload fixed(String base, String token) {
        return new Workload(Kind.FIXED, base, 0, 0, token);
    }

    URI uri() {
        return URI.create(base);
    }

    /** How many random GET requests each connection of the Java generator builds before it starts, and cycles over. */
    static final int GET_REQUESTS_PER_CONNECTION = 4096;

    /**
     * Connection {@code connection}'s requests (of {@code connections}), built before the run, which sends them in
     * turn: GET, {@value #GET_REQUESTS_PER_CONNECTION} random users; PATCH, the whole cycle of {@code patch.lua}
     * (the same user order and languages); FIXED, the one request.
     */
    byte[][] prebuilt(int connection, int connections, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String host = uri().getHost() + ":" + uri().getPort();
        String head = " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token + "\r\n";
        return switch (kind) {
            case FIXED -> new byte[][] {("GET " + FIXED_PATH + head + "\r\n").getBytes(StandardCharsets.US_ASCII)};
            case GET, EXPLAIN -> {
                byte[][] requests = new byte[GET_REQUESTS_PER_CONNECTION][];
                for (int i = 0; i < requests.length; i++) {
                    requests[i] = ("GET /api/users/" + USER_PREFIX + random.nextInt(users) + kind.suffix + head
                                   + "\r\n").getBytes(StandardCharsets.US_ASCII);
                }
                yield requests;
            }
            case PATCH -> {
                int perConnection = PATCH_POOL / connections;
                byte[][] requests = new byte[2 * perConnection][];
                for (int n = 0; n < requests.length; n++) {
                    long user = (offset + connection + (long) (n % perConnection) * connections) % users;
                    String body = "{\"language\":\"" + (n / perConnection == 0 ? "de" : "fr") + "\"}";
                    requests[n] = ("PATCH /api/users/" + USER_PREFIX + user + "/preferences" + head
                                   + "Content-Type: application/merge-patch+json\r\nContent-Length: " + body.length()
                                   + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
                }
                yield requests;
            }
        };
    }
}
