package dev.prefs.query.projection;

/** A user's row before a batch ({@code null} if there was none) and after it. */
public record RowChange<R extends ProjectionRow>(R before, R after) {
}
