package dev.prefs.command.preferences;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every {@code prefs.command.snapshot-every} events a user's aggregate state is stored as a snapshot, so loading it
 * for the next command reads the snapshot and the events after it instead of the whole history. Snapshots are a
 * cache: {@link UserPreferences}'s {@code @Revision} makes Axon ignore those of an older shape, and history and
 * {@code asOf} on the query side always read the events themselves.
 */
@Configuration(proxyBeanMethods = false)
class UserPreferencesSnapshots {

    static final String TRIGGER = "userPreferencesSnapshotTrigger";

    @Bean(TRIGGER)
    SnapshotTriggerDefinition userPreferencesSnapshotTrigger(Snapshotter snapshotter,
                                                             @Value("${prefs.command.snapshot-every:100}") int every) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, every);
    }
}
