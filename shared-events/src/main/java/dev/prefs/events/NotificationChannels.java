package dev.prefs.events;

/**
 * Where a user wants notifications: by email, by push, by SMS. Release 1 had one switch; its meaning in channels is
 * {@link #fromSwitch(boolean)} (what stored release-1 events are upcast to) and, for a client that still writes the
 * switch, {@link #afterSwitch(boolean)}.
 */
public record NotificationChannels(boolean email, boolean push, boolean sms) {

    /** A new user's channels, and what a reset returns to. */
    public static final NotificationChannels DEFAULT = new NotificationChannels(true, true, false);

    /** What release 1's switch meant in channels: email and push as the switch, no SMS (SMS did not exist). */
    public static NotificationChannels fromSwitch(boolean enabled) {
        return new NotificationChannels(enabled, enabled, false);
    }

    /** The old {@code notificationsEnabled} on read: true when any channel is on. */
    public boolean anyOn() {
        return email || push || sms;
    }

    /**
     * The old {@code notificationsEnabled} on write: {@code false} turns every channel off, {@code true} turns
     * email and push on and leaves SMS as it is.
     */
    public NotificationChannels afterSwitch(boolean enabled) {
        return enabled ? new NotificationChannels(true, true, sms) : new NotificationChannels(false, false, false);
    }

    /** A merge patch of the channels: a null leaves that channel as it is. */
    public NotificationChannels with(Boolean email, Boolean push, Boolean sms) {
        return new NotificationChannels(email == null ? this.email : email, push == null ? this.push : push,
                sms == null ? this.sms : sms);
    }
}
