package dev.prefs.platform.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The process's one connection listening for PostgreSQL notifications ({@code LISTEN/NOTIFY}), shared by everything
 * that must react at once to what another process (or this one) committed: new events ({@value #EVENTS}, sent by
 * the event table's insert trigger) wake the event processors; the query side adds its own channels.
 * <p>
 * A subscriber runs on the listener's thread, so it must be quick (hand longer work to another thread). It also runs
 * once whenever its channel starts being listened to, on start-up and after a lost connection is back, because
 * whatever was announced meanwhile was missed (a payload subscriber then gets {@code null}: "anything may have
 * changed").
 */
public final class DatabaseNotifications implements SmartLifecycle {

    /** The channel of the event table's insert trigger (V1__event_store.sql). */
    public static final String EVENTS = "prefs_events";

    private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);
    private static final int POLL_MILLIS = 500;

    private final DataSource dataSource;
    private final Duration reconnectDelay;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    DatabaseNotifications(DataSource dataSource, Duration reconnectDelay) {
        this.dataSource = dataSource;
        this.reconnectDelay = reconnectDelay;
    }

    /** Runs {@code onNotification} on every notification of {@code channel} (a plain SQL identifier). */
    public void subscribe(String channel, Runnable onNotification) {
        subscribeWithPayload(channel, payload -> onNotification.run());
    }

    /** Hands every notification's payload on {@code channel} to {@code onPayload} (null after a missed stretch). */
    public void subscribeWithPayload(String channel, Consumer<String> onPayload) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onPayload);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listenUntilStopped, "database-notifications");
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
                Set<String> listening = ConcurrentHashMap.newKeySet();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    listenToNewChannels(connection, listening);
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Lost the database notification connection ({}); processors and caches fall back to "
                             + "polling until it is back, retrying in {} ms", e.getMessage(), reconnectDelay.toMillis());
                    pause();
                }
            }
        }
    }

    /** Subscriptions made after start-up are listened to from the next poll on. */
    private void listenToNewChannels(Connection connection, Set<String> listening) throws SQLException {
        for (String channel : subscribers.keySet()) {
            if (listening.add(channel)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                // Whatever was announced on it while nobody listened is picked up by this one call.
                deliver(channel, null);
            }
        }
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> subscriber : subscribers.getOrDefault(channel, List.of())) {
            try {
                subscriber.accept(payload);
            } catch (RuntimeException e) {
                log.warn("A subscriber to {} failed: {}", channel, e.toString());
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
