package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.platform.store.DatabaseNotifications;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.query.QuerySideApplication;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The query side holds one listening connection for every channel it follows; a notification reaches the
 * subscribers of its channel only, and after the connection is killed the listener comes back by itself, calls
 * each subscriber once for what it may have missed, and delivers notifications again.
 */
@SpringBootTest(classes = QuerySideApplication.class, properties = "prefs.events.listen-reconnect-delay=100ms")
@TestDatabaseDataSource
class DatabaseNotificationsIT {

    static final TestDatabase DB = TestDatabase.migrated("query_notifications");

    @Autowired
    DatabaseNotifications notifications;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oneConnectionListensToEveryChannelAndComesBackAfterItIsKilled() {
        AtomicInteger mine = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        notifications.subscribe("prefs_test_mine", mine::incrementAndGet);
        notifications.subscribe("prefs_test_other", other::incrementAndGet);
        // Listening starts with one catch-up call per channel.
        await().atMost(Duration.ofSeconds(10)).until(() -> mine.get() == 1 && other.get() == 1);
        assertThat(listeners()).hasSize(1);

        jdbc.queryForList("SELECT pg_notify('prefs_test_mine', 'x')");
        await().atMost(Duration.ofSeconds(10)).until(() -> mine.get() == 2);
        assertThat(other.get()).isEqualTo(1);

        Integer killed = listeners().get(0);
        assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, killed)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> mine.get() == 3 && other.get() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners().size() == 1 && !listeners().contains(killed));

        jdbc.queryForList("SELECT pg_notify('prefs_test_other', 'y')");
        await().atMost(Duration.ofSeconds(10)).until(() -> other.get() == 3);
        assertThat(mine.get()).isEqualTo(3);
    }

    /** The backends of this test's database whose last statement was a LISTEN. */
    private List<Integer> listeners() {
        return jdbc.queryForList("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()""",
                Integer.class);
    }
}
