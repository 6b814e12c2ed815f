package dev.prefs.query.changes;

import java.util.List;

/**
 * Which items a reader follows: all (both null), one tenant's users, or one user. The rule is here twice, once for
 * the feed's table ({@link #where()}, {@link #arguments()}) and once for items already read ({@link #selects}); the
 * two must select the same items.
 */
record FeedFilter(String tenantId, String userId) {

    static final FeedFilter ALL = new FeedFilter(null, null);

    static FeedFilter tenant(String tenantId) {
        return new FeedFilter(tenantId, null);
    }

    static FeedFilter user(String userId) {
        return new FeedFilter(null, userId);
    }

    /** The condition on the items' table, after {@code WHERE position > ?}: empty, or starting with AND. */
    String where() {
        return tenantId != null ? " AND tenant_id = ?" : userId != null ? " AND user_id = ?" : "";
    }

    /** The values of the placeholders of {@link #where()}. */
    List<Object> arguments() {
        return tenantId != null ? List.of(tenantId) : userId != null ? List.of(userId) : List.of();
    }

    /** Whether an item read without a filter is one this filter selects. */
    boolean selects(StoredItem item) {
        return tenantId != null ? tenantId.equals(item.tenantId())
                : userId == null || userId.equals(item.userId());
    }
}
