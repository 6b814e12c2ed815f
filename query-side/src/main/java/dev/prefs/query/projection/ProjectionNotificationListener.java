package dev.prefs.query.projection;

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
 * One connection listening for what the projections must react to at once: a switch announced on {@value
 * ProjectionRegistry#CHANNEL} (drop the cached live versions, so reads move right after the switch commits, not
 * after the cache's TTL, and start or stop processors of builds that changed) and new events on {@value #EVENTS_CHANNEL} (wake the projections' processors).
 */
final class ProjectionNotificationListener implements SmartLifecycle {

    /** The channel of the event table's insert trigger (V1__event_store.sql). */
    static final String EVENTS_CHANNEL = "prefs_events";

    private static final Logger log = LoggerFactory.getLogger(ProjectionNotificationListener.class);
    private static final int POLL_MILLIS = 500;

    private final DataSource dataSource;
    private final LiveProjections liveProjections;
    private final EventStreamWaker waker;
    private final ProjectionRuntime runtime;
    private final Duration reconnectDelay;
    private volatile boolean running;
    private Thread thread;

    ProjectionNotificationListener(DataSource dataSource, LiveProjections liveProjections,
                                   EventStreamWaker waker, ProjectionRuntime runtime, Duration reconnectDelay) {
        this.dataSource = dataSource;
        this.liveProjections = liveProjections;
        this.waker = waker;
        this.runtime = runtime;
        this.reconnectDelay = reconnectDelay;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listenUntilStopped, "projection-notification-listener");
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
                    statement.execute("LISTEN " + ProjectionRegistry.CHANNEL);
                    statement.execute("LISTEN " + EVENTS_CHANNEL);
                }
                // Whatever was announced while nobody listened is picked up here.
                liveProjections.invalidate();
                waker.eventsAppended();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    for (PGNotification notification : notifications == null
                            ? new PGNotification[0] : notifications) {
                        if (EVENTS_CHANNEL.equals(notification.getName())) {
                            waker.eventsAppended();
                        } else {
                            liveProjections.invalidate();
                            runtime.reconcileSoon();
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Lost the projection notification connection ({}); live versions refresh on their "
                             + "TTL and processors poll until it is back, retrying in {} ms", e.getMessage(), reconnectDelay.toMillis());
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
