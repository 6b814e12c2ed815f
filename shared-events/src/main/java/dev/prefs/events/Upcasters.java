package dev.prefs.events;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/** Every upcaster, in the order stored events need them: release 1 → 2 (channels), then 2 → 3 (tenants). */
public final class Upcasters {

    private Upcasters() {
    }

    public static EventUpcaster chain() {
        return new EventUpcasterChain(new NotificationChannelsUpcaster(), new TenantsReleaseUpcaster());
    }
}
