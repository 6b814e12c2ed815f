package dev.prefs.query.projection;

import java.util.function.UnaryOperator;

/**
 * Makes the {@link RowStore} of one build of a projection version: {@code tableOf} maps each of the version's base
 * tables (as Flyway created them) to the build's own table, so every generation is written by the same code.
 */
@FunctionalInterface
public interface RowStores<R extends ProjectionRow> {

    RowStore<R> in(UnaryOperator<String> tableOf);
}
