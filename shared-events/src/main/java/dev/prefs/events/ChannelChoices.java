package dev.prefs.events;

/**
 * A layer's choice per notification channel: {@code true}, {@code false}, or {@code null} for "no value here,
 * inherit from the layer below". Its JSON has the shape of {@link NotificationChannels}, so events stored with
 * every channel set read as choices that set every channel.
 */
public record ChannelChoices(Boolean email, Boolean push, Boolean sms) {

    /** No channel chosen: everything inherits. */
    public static final ChannelChoices NONE = new ChannelChoices(null, null, null);

    /** Every channel chosen as in {@code channels}. */
    public static ChannelChoices of(NotificationChannels channels) {
        return new ChannelChoices(channels.email(), channels.push(), channels.sms());
    }

    /** The channels once every unchosen one takes {@code below}'s value. */
    public NotificationChannels over(NotificationChannels below) {
        return new NotificationChannels(email == null ? below.email() : email, push == null ? below.push() : push,
                sms == null ? below.sms() : sms);
    }

    /** Whether every channel is chosen. */
    public boolean choosesAll() {
        return email != null && push != null && sms != null;
    }

    public boolean choosesNothing() {
        return email == null && push == null && sms == null;
    }
}
