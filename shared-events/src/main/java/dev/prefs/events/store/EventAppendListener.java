package dev.prefs.events.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on the PostgreSQL channel that the event table's insert trigger notifies ({@value #CHANNEL}) and wakes
 * the event store's processors when any process, this one or another, has committed new events. Without it a
 * process would only see other processes' events after the fetch delay.
 */
class EventAppendListener implements SmartLifecycle {

    static final String CHANNEL = "prefs_events";
    private static final Logger log = LoggerFactory.getLogger(EventAppendListener.class);
    private static final int POLL_MILLIS = 500;

    private final DataSource dataSource;
    private final NotifiedEventStore eventStore;
    private final Duration reconnectDelay;
    private volatile boolean running;
    private Thread thread;

    EventAppendListener(DataSource dataSource, NotifiedEventStore eventStore, Duration reconnectDelay) {
        this.dataSource = dataSource;
        this.eventStore = eventStore;
        this.reconnectDelay = reconnectDelay;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listenUntilStopped, "event-append-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenUntilStopped() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // Events committed while we were not listening are picked up by this one wake-up.
                eventStore.newEventsAvailable();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        eventStore.newEventsAvailable();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Lost the event notification connection ({}); processors fall back to polling until "
                             + "it is back, retrying in {} ms", e.getMessage(), reconnectDelay.toMillis());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(reconnectDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
