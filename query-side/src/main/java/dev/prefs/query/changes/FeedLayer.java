package dev.prefs.query.changes;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import java.util.Set;

/** A defaults layer as the feed keeps it: its stream's version, values (null inherits) and enforced fields. */
record FeedLayer(String streamId, long version, PreferenceValues values, Set<PreferenceField> enforced) {

    /** The system layer before any admin changed it. */
    static final FeedLayer BUILT_IN_SYSTEM = new FeedLayer(dev.prefs.events.SystemDefaultsChangedEvent.STREAM, 0,
            PreferenceValues.BUILT_IN, Set.of());

    /** A tenant that never set defaults: everything inherits. */
    static FeedLayer empty(String streamId) {
        return new FeedLayer(streamId, 0, PreferenceValues.NONE, Set.of());
    }
}
