package dev.prefs.query.changes;

import dev.prefs.events.InvalidValueException;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.LiveProjections;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the feed from the live changefeed build. A page is read in one repeatable-read transaction with the feed's
 * state, so a purge running at the same time either happened before (410) or not at all for this page: never a
 * silent gap.
 */
@Component
final class ChangeFeedReader {

    private final JdbcTemplate jdbc;
    private final LiveProjections liveProjections;
    private final TransactionTemplate snapshot;

    ChangeFeedReader(JdbcTemplate jdbc, LiveProjections liveProjections, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.liveProjections = liveProjections;
        this.snapshot = new TransactionTemplate(transactions.getTransactionManager());
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    /** Where the feed stands: the last position written and the last purged. */
    record State(long lastPosition, long purgedThrough) {
    }

    /**
     * What one read of the feed gave: the items, oldest first, and the position up to which the read saw every item
     * the filter selects ({@code through}; the last item's position when the page is full, else where the feed
     * stood when it was read). A reader that goes on after {@code through} misses nothing and repeats nothing.
     */
    record Page(List<StoredItem> items, long through) {
    }

    /**
     * Up to {@code limit} items after {@code after} (null: from the oldest kept) that {@code filter} selects,
     * oldest first. 410 if items after {@code after} were purged; 400 (on {@code field}) for a position the feed
     * never reached.
     */
    List<StoredItem> after(FeedFilter filter, Long after, int limit, String field) {
        return page(tables(), filter, after, limit, field).items();
    }

    /** As {@link #after}, from the tables of one build, with the position the read reached. */
    Page page(FeedTables tables, FeedFilter filter, Long after, int limit, String field) {
        return snapshot.execute(status -> {
            State state = state(tables);
            long from = after == null ? state.purgedThrough() : after;
            if (from < state.purgedThrough()) {
                throw expired(tables, state);
            }
            if (from > state.lastPosition()) {
                throw new InvalidValueException(field, "names a change this feed has not written");
            }
            List<Object> args = new ArrayList<>();
            args.add(from);
            args.addAll(filter.arguments());
            args.add(limit);
            List<StoredItem> items = jdbc.query("SELECT * FROM " + tables.items() + " WHERE position > ?"
                    + filter.where() + " ORDER BY position LIMIT ?", (rs, i) -> item(rs), args.toArray());
            // The state row is written in the transaction that writes the items: this snapshot holds every item up
            // to its last position.
            long through = items.size() == limit ? items.get(limit - 1).position() : state.lastPosition();
            return new Page(items, through);
        });
    }

    /** The tables of the live build. */
    FeedTables tables() {
        return ChangeFeedV1.tables(live());
    }

    /** The live build's state. */
    State state() {
        return state(tables());
    }

    /** The tenant the feed last saw {@code userId} in (their items carry it), or empty if it never saw them. */
    Optional<String> tenantOf(String userId) {
        FeedTables tables = tables();
        return jdbc.query("SELECT tenant_id FROM " + tables.users() + " WHERE user_id = ?",
                (rs, i) -> Optional.ofNullable(rs.getString(1)), userId).stream().findFirst().flatMap(t -> t);
    }

    Build<?> live() {
        return liveProjections.liveBuild(ChangeFeedV1.NAME);
    }

    State state(FeedTables tables) {
        return jdbc.query("SELECT last_position, purged_through FROM " + tables.state() + " WHERE id = 1",
                (rs, i) -> new State(rs.getLong(1), rs.getLong(2))).stream().findFirst().orElse(new State(0, 0));
    }

    private CursorExpiredException expired(FeedTables tables, State state) {
        Long oldest = jdbc.queryForObject("SELECT min(position) FROM " + tables.items(), Long.class);
        return new CursorExpiredException(oldest == null ? null : FeedCursor.of(oldest),
                FeedCursor.of(state.purgedThrough()));
    }

    static StoredItem item(ResultSet rs) throws SQLException {
        return new StoredItem(rs.getLong("position"), rs.getLong("global_index"), rs.getInt("ordinal"),
                rs.getString("user_id"), rs.getString("tenant_id"), rs.getLong("version"),
                rs.getTimestamp("at").toInstant(), rs.getString("cause_layer"), rs.getString("cause_id"),
                rs.getString("cause_type"), rs.getString("cause_by"), rs.getString("changes"));
    }
}
