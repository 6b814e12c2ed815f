package dev.prefs.query.projection;

/** A projection's row for one user; {@link #version()} is the user's version the row was folded up to. */
public interface ProjectionRow {

    String userId();

    long version();
}
