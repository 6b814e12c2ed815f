package dev.prefs.events;

/** The rule for tenant ids (the same as for user ids), and the event stream each tenant's defaults live in. */
public final class TenantId {

    /** Stream ids of the layers contain a {@code /}, which no user id or tenant id may: they never collide. */
    static final String STREAM_PREFIX = "tenant/";

    private TenantId() {
    }

    public static boolean isValid(String tenantId) {
        return UserId.isValid(tenantId);
    }

    /** {@code tenantId} itself when valid, otherwise an {@link InvalidValueException} on field {@code tenantId}. */
    public static String require(String tenantId) {
        if (!isValid(tenantId)) {
            throw new InvalidValueException("tenantId", "must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -");
        }
        return tenantId;
    }

    /** The aggregate identifier of {@code tenantId}'s defaults. */
    public static String stream(String tenantId) {
        return STREAM_PREFIX + tenantId;
    }

    /** The tenant whose defaults live in {@code streamId}, or null when it is not a tenant's stream. */
    public static String ofStream(String streamId) {
        return streamId.startsWith(STREAM_PREFIX) ? streamId.substring(STREAM_PREFIX.length()) : null;
    }
}
