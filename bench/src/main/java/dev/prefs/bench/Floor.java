package dev.prefs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.prefs.events.EventJson;
import dev.prefs.events.LanguageChangedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The HTTP floor: the least a server can do for each workload, in the harness's JVM, with no framework. The JDK's
 * HTTP server, the service's token check with the same library (Nimbus: an HS256 signature and the expiry, as
 * Spring's {@code NimbusJwtDecoder} does), a Hikari pool on the same database, and for
 * <ul>
 *   <li>{@code GET /api/users/{id}/preferences}: the point select of the live read model's table, a JSON answer;</li>
 *   <li>{@code PATCH} of the same path: read the user's events, append one (the same table, the same JSON as the
 *       command side writes: a {@code LanguageChangedEvent}), commit, a JSON answer with the new version. With a
 *       master key, the crypto work the service's storage engine does too ({@link StoredForm}): the stream's
 *       pseudonym, the user's data key (looked up and unwrapped once, then cached, as {@code PersonalDataKeys}
 *       does in the service), every event opened, the new one sealed and inserted under the pseudonym;</li>
 *   <li>{@code GET /fixed}: the same few bytes every time (to calibrate the load generators).</li>
 * </ul>
 * The service divided by this floor, in the same run with the same generator, is the figure that counts.
 */
final class Floor implements AutoCloseable {

    static {
        // Without it the JDK server waits on delayed ACKs: about 200 requests per second on a keep-alive connection.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final int THREADS = 16;
    private static final byte[] FIXED = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/users/";
    private static final String SUFFIX = "/preferences";

    private final HttpServer server;
    private final ExecutorService executor;
    private final HikariDataSource pool;
    private final DefaultJWTProcessor<SecurityContext> tokens = new DefaultJWTProcessor<>();
    private final Serializer serializer = EventJson.serializer();
    private final byte[] metaData = "{\"sub\":\"bench\",\"correlationId\":\"floor\"}".getBytes(StandardCharsets.UTF_8);
    private final StoredForm form;
    private volatile String select;

    private Floor(Database database, String secret, String masterKey) throws IOException {
        form = masterKey == null ? StoredForm.clear() : StoredForm.encrypted(database, masterKey, THREADS, false);
        tokens.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8))));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.username());
        config.setPassword("");
        config.setMaximumPoolSize(THREADS);
        config.setPoolName("floor");
        pool = new HikariDataSource(config);
        executor = Executors.newFixedThreadPool(THREADS);
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 256);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A floor on {@code database}; {@code masterKey} null: events in clear (a release before encryption). */
    static Floor start(Database database, String secret, String masterKey) throws IOException {
        return new Floor(database, secret, masterKey);
    }

    String base() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The table GET reads: the live build's of userpreferences. */
    void readFrom(String table) {
        select = "SELECT * FROM " + table + " WHERE user_id = ?";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals(Workload.FIXED_PATH)) {
                exchange.getRequestBody().readAllBytes();
                answer(exchange, 200, FIXED);
                return;
            }
            if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
                answer(exchange, 404, "{\"status\":404}".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String userId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"status\":401}".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            switch (method) {
                case "GET" -> get(exchange, userId);
                case "PATCH" -> patch(exchange, userId, body);
                default -> answer(exchange, 405, "{\"status\":405}".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (SQLException | RuntimeException e) {
            answer(exchange, 500, ("{\"status\":500,\"detail\":\"" + e.toString().replace('"', '\'') + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        try {
            JWTClaimsSet claims = tokens.process(header.substring("Bearer ".length()), null);
            Object scope = claims.getClaim("scope");
            return scope != null && scope.toString().contains("preferences:admin");
        } catch (Exception e) {
            return false;
        }
    }

    private void get(HttpExchange exchange, String userId) throws IOException, SQLException {
        StringBuilder json = new StringBuilder(256);
        try (Connection connection = pool.getConnection();
             PreparedStatement read = connection.prepareStatement(select)) {
            read.setString(1, userId);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    answer(exchange, 404, "{\"status\":404}".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                ResultSetMetaData columns = row.getMetaData();
                json.append('{');
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    if (i > 1) {
                        json.append(',');
                    }
                    json.append('"').append(columns.getColumnLabel(i)).append("\":");
                    Object value = row.getObject(i);
                    if (value == null || value instanceof Number || value instanceof Boolean) {
                        json.append(value);
                    } else {
                        json.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                            .append('"');
                    }
                }
                json.append('}');
            }
        }
        answer(exchange, 200, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void patch(HttpExchange exchange, String userId, byte[] body) throws IOException, SQLException {
        JsonNode patch = JSON.readTree(body);
        String language = patch.path("language").asText("de");
        long version;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long last = form.readStream(connection, userId);
                if (last < 0) {
                    connection.rollback();
                    answer(exchange, 404, "{\"status\":404}".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                SerializedObject<byte[]> payload = serializer.serialize(new LanguageChangedEvent(userId, language),
                        byte[].class);
                String eventId = UUID.randomUUID().toString();
                StoredForm.Row row = form.seal(userId, eventId, payload.getData(), metaData);
                try (PreparedStatement append = connection.prepareStatement("INSERT INTO domain_event_entry"
                        + " (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                        + " payload_revision, payload_type, time_stamp) VALUES (?, ?, 'UserPreferences', ?, ?, ?, ?, ?,"
                        + " ?)")) {
                    append.setString(1, row.aggregateId());
                    append.setLong(2, last + 1);
                    append.setString(3, eventId);
                    append.setBytes(4, row.metaData());
                    append.setBytes(5, row.payload());
                    append.setString(6, payload.getType().getRevision());
                    append.setString(7, payload.getType().getName());
                    append.setString(8, Instant.now().toString());
                    append.executeUpdate();
                }
                connection.commit();
                version = last + 2;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        answer(exchange, 200, ("{\"userId\":\"" + userId + "\",\"language\":\"" + language + "\",\"version\":"
                               + version + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        pool.close();
        form.close();
    }
}
