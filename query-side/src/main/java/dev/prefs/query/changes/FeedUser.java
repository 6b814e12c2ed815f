package dev.prefs.query.changes;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;

/**
 * A user as the feed keeps them: version, whether their preferences exist, their tenant (kept after a deletion,
 * for the deletion's item) and explicit values.
 */
record FeedUser(String userId, long version, boolean present, String tenantId, PreferenceValues explicit) {

    /** The user after {@code event}, which makes them version {@code version}; {@code before} null if none. */
    static FeedUser fold(FeedUser before, String userId, PreferencesEvent event, long version) {
        String tenant = before == null ? null : before.tenantId();
        PreferenceValues values = before == null ? PreferenceValues.NONE : before.explicit();
        boolean present = before != null && before.present();
        if (event instanceof PreferencesCreatedEvent created) {
            return new FeedUser(userId, version, true, created.tenantId(), created.values());
        } else if (event instanceof ThemeChangedEvent theme) {
            values = values.with(PreferenceField.THEME, theme.theme());
        } else if (event instanceof LanguageChangedEvent language) {
            values = values.with(PreferenceField.LANGUAGE, language.language());
        } else if (event instanceof NotificationsChangedEvent notifications) {
            values = new PreferenceValues(values.theme(), values.language(), notifications.notifications());
        } else if (event instanceof PreferencesResetEvent reset) {
            values = reset.values();
        } else if (event instanceof PreferencesDeletedEvent) {
            return new FeedUser(userId, version, false, tenant, PreferenceValues.NONE);
        } else if (event instanceof PreferencesMovedEvent moved) {
            tenant = moved.tenantId();
        }
        return new FeedUser(userId, version, present, tenant, values);
    }
}
