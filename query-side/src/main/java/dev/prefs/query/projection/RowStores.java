package dev.prefs.query.projection;

import java.util.function.UnaryOperator;

/**
 * The {@link RowStore} of each build of a version given as a function, for a {@link ProjectionVersion} that is not
 * a class of its own (tests): {@code tableOf} maps each of the version's base tables to the build's own.
 */
@FunctionalInterface
public interface RowStores<R extends ProjectionRow> {

    RowStore<R> in(UnaryOperator<String> tableOf);
}
