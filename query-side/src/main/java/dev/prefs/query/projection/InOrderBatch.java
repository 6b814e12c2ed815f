package dev.prefs.query.projection;

import java.util.Map;

/**
 * What one unit of work of a build of an {@linkplain ProjectionVersion#inOrder() in-order version} folds: every
 * event of the unit of work, in the order the processor hands them (one segment: the store's order), with the
 * event's metadata; then {@link #flush()} writes what the batch made in the same transaction, before it commits.
 */
public interface InOrderBatch {

    void apply(ProjectedEvent event, Map<String, ?> metaData);

    /** Writes the batch; true when readers of the build have something new to read once it commits. */
    boolean flush();
}
