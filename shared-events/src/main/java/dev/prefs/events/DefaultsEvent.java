package dev.prefs.events;

/**
 * An event of a defaults layer: a tenant's ({@link TenantDefaultsChangedEvent}) or the system's
 * ({@link SystemDefaultsChangedEvent}). Each carries the layer's whole state after the change, so one event is
 * enough to know the layer.
 */
public sealed interface DefaultsEvent extends PrefsEvent
        permits TenantDefaultsChangedEvent, SystemDefaultsChangedEvent {

    /** The layer's values after the change; fields it does not set are null. */
    PreferenceValues defaults();
}
