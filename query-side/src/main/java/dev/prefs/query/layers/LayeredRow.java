package dev.prefs.query.layers;

import dev.prefs.query.projection.ProjectionRow;

/**
 * A row of a read-model version that keeps the defaults layers beside its users: a user's explicit values
 * ({@link UserRow}) or one layer ({@link LayerRow}), keyed by stream id ({@link #userId()}: a user's id, or
 * {@code tenant/<id>}, {@code system/defaults}).
 */
public sealed interface LayeredRow extends ProjectionRow permits UserRow, LayerRow {

    /** Whether {@code streamId} is a layer's stream: only layers' stream ids contain a {@code /}. */
    static boolean isLayer(String streamId) {
        return streamId.indexOf('/') >= 0;
    }
}
