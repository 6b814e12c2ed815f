package dev.prefs.command.preferences;

import dev.prefs.events.NotificationChannels;

/**
 * What a request asks of the notification channels: the old switch ({@code notificationsEnabled}) or any subset of
 * the channels; null where the request is silent. A JSON null in the request has already become the default.
 */
record NotificationsChange(Boolean enabled, Boolean email, Boolean push, Boolean sms) {

    static final NotificationsChange NONE = new NotificationsChange(null, null, null, null);

    /** Every channel back to its default. */
    static NotificationsChange toDefaults() {
        NotificationChannels defaults = NotificationChannels.DEFAULT;
        return new NotificationsChange(null, defaults.email(), defaults.push(), defaults.sms());
    }

    /** The channels after this change: the switch first (as the contract defines it), then the named channels. */
    NotificationChannels applyTo(NotificationChannels current) {
        NotificationChannels switched = enabled == null ? current : current.afterSwitch(enabled);
        return switched.with(email, push, sms);
    }
}
