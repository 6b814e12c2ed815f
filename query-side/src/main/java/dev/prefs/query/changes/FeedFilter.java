package dev.prefs.query.changes;

/** Which items a reader follows: all (both null), one tenant's users, or one user. */
record FeedFilter(String tenantId, String userId) {

    static final FeedFilter ALL = new FeedFilter(null, null);

    static FeedFilter tenant(String tenantId) {
        return new FeedFilter(tenantId, null);
    }

    static FeedFilter user(String userId) {
        return new FeedFilter(null, userId);
    }
}
