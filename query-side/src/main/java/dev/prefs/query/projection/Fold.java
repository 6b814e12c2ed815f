package dev.prefs.query.projection;

/**
 * What one projection version makes of one event: the row after {@code event}, given the row before it ({@code null}
 * if the user has none). Pure: no I/O, no clock, so live processing, {@code asOf} and rebuilds all produce the same
 * rows. It may throw when the event cannot apply to the row; the batch then fails and is retried.
 */
@FunctionalInterface
public interface Fold<R extends ProjectionRow> {

    R apply(R row, ProjectedEvent event);
}
