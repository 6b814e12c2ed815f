package dev.prefs.query.changes;

import java.util.List;

/** A page of the feed, oldest first; {@code next} is the cursor to ask after for the rest (never null). */
record FeedPage(List<FeedItem> items, String next) {
}
