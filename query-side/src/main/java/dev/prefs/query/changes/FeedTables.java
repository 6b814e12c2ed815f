package dev.prefs.query.changes;

/** The tables of one build of the change feed (generation 1's or a rebuild's), as identifiers. */
record FeedTables(String items, String users, String layers, String state) {
}
