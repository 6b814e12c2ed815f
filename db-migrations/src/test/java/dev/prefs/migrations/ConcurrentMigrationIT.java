package dev.prefs.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** Several processes starting at once on an empty database: Flyway's lock lets exactly one apply each migration. */
class ConcurrentMigrationIT {

    private static final int PROCESSES = 4;

    @Test
    void concurrentMigrationsApplyEveryMigrationExactlyOnce() throws Exception {
        TestDatabase database = TestDatabase.create("concurrent_migrate");
        CyclicBarrier start = new CyclicBarrier(PROCESSES);
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                results.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return database.flyway().migrate();
                }));
            }
            int applied = 0;
            for (Future<MigrateResult> result : results) {
                MigrateResult migrate = result.get(60, TimeUnit.SECONDS);
                assertThat(migrate.success).isTrue();
                applied += migrate.migrationsExecuted;
            }
            int migrations = database.flyway().info().applied().length;
            assertThat(applied).as("each migration applied by exactly one process").isEqualTo(migrations);
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*), count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(rows.getInt(2)).isPositive();
        }
    }
}
