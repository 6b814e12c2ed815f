package dev.prefs.query.layers;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.query.projection.Fold;
import dev.prefs.query.projection.ProjectedEvent;
import java.time.Instant;
import java.util.Set;

/**
 * The fold of the layered read models: a user's event changes the user's explicit values or tenant, a defaults event
 * replaces its layer's row with the layer's whole state (each carries it). Nothing here resolves: reads do.
 */
public final class LayeredFold implements Fold<LayeredRow> {

    @Override
    public LayeredRow apply(LayeredRow row, ProjectedEvent event) {
        Instant at = event.timestamp();
        long version = event.version();
        if (event.payload() instanceof TenantDefaultsChangedEvent changed) {
            return new LayerRow(event.userId(), changed.tenantId(), changed.defaults(), changed.enforced(), version,
                    at);
        }
        if (event.payload() instanceof SystemDefaultsChangedEvent changed) {
            return new LayerRow(event.userId(), null, changed.defaults(), Set.of(), version, at);
        }
        if (event.payload() instanceof PreferencesCreatedEvent created) {
            if (row instanceof UserRow user && !user.deleted()) {
                throw inconsistent(event, "they already exist");
            }
            // A re-created user keeps the row (and id) of the first creation; the tombstone is overwritten.
            long id = row instanceof UserRow user ? user.id() : event.globalIndex();
            return new UserRow(id, event.userId(), created.tenantId(), created.values(), at, at, version, false);
        }
        if (!(row instanceof UserRow user) || user.deleted()) {
            throw inconsistent(event, "they do not exist");
        }
        PreferenceValues explicit = user.explicit();
        if (event.payload() instanceof ThemeChangedEvent changed) {
            return user.with(explicit.with(PreferenceField.THEME, changed.theme()), at, version);
        }
        if (event.payload() instanceof LanguageChangedEvent changed) {
            return user.with(explicit.with(PreferenceField.LANGUAGE, changed.language()), at, version);
        }
        if (event.payload() instanceof NotificationsChangedEvent changed) {
            return user.with(new PreferenceValues(explicit.theme(), explicit.language(), changed.notifications()),
                    at, version);
        }
        if (event.payload() instanceof PreferencesResetEvent reset) {
            return user.with(reset.values(), at, version);
        }
        if (event.payload() instanceof PreferencesMovedEvent moved) {
            return user.movedTo(moved.tenantId(), at, version);
        }
        if (event.payload() instanceof PreferencesDeletedEvent) {
            return user.asDeleted(at, version);
        }
        throw new IllegalArgumentException("Unknown event " + event.payload().getClass().getName());
    }

    private static IllegalStateException inconsistent(ProjectedEvent event, String reason) {
        return new IllegalStateException(event.payload().getClass().getSimpleName() + " at version "
                                         + event.version() + " for " + event.userId() + " cannot apply: " + reason);
    }
}
