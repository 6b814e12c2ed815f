package dev.prefs.query.changes;

import dev.prefs.events.PrefsEvent;
import dev.prefs.query.projection.Build;
import dev.prefs.query.projection.InOrderBatch;
import dev.prefs.query.projection.ProjectionRow;
import dev.prefs.query.projection.ProjectionVersion;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Version 1 of the changefeed projection (V20): the items of the change feed, with the state that resolves each
 * user's effective values at the position reached. It folds every event of the service, users' and layers' alike,
 * in order, in one segment ({@link #inOrder()}), so item order is the order of the events, and a rebuild replays them
 * in that order.
 */
@Component
final class ChangeFeedV1 extends ProjectionVersion<ProjectionRow> {

    static final String NAME = "changefeed";
    static final String ITEMS = "changefeed_v1";
    static final String USERS = "changefeed_v1_users";
    static final String LAYERS = "changefeed_v1_layers";
    static final String STATE = "changefeed_v1_state";

    private final JdbcTemplate jdbc;

    ChangeFeedV1(JdbcTemplate jdbc) {
        super(NAME, 1, ITEMS, (row, event) -> {
            throw new UnsupportedOperationException("the change feed is folded in order, not row by row");
        }, 1, List.of(ITEMS, USERS, LAYERS, STATE), null);
        this.jdbc = jdbc;
    }

    @Override
    public boolean folds(Class<?> payloadType) {
        return PrefsEvent.class.isAssignableFrom(payloadType);
    }

    @Override
    public boolean inOrder() {
        return true;
    }

    @Override
    public InOrderBatch inOrderBatch(UnaryOperator<String> tableOf) {
        return new ChangeFeedBatch(jdbc, tables(tableOf));
    }

    /** The tables of {@code build}, for its readers. */
    static FeedTables tables(Build<?> build) {
        return tables(build::table);
    }

    private static FeedTables tables(UnaryOperator<String> tableOf) {
        return new FeedTables(tableOf.apply(ITEMS), tableOf.apply(USERS), tableOf.apply(LAYERS),
                tableOf.apply(STATE));
    }
}
