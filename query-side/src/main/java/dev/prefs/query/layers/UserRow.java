package dev.prefs.query.layers;

import dev.prefs.events.PreferenceValues;
import java.time.Instant;
import java.util.Objects;

/**
 * A user as a layered read model keeps them: the tenant (null: none) and the explicit values (a null field inherits),
 * never an effective value, so that a change of a default writes no user's row. {@code id}: the global index of the
 * event that first created the user. A deleted user stays as a tombstone that reads treat as absent.
 */
public record UserRow(long id, String userId, String tenantId, PreferenceValues explicit, Instant createdAt,
                      Instant updatedAt, long version, boolean deleted) implements LayeredRow {

    public UserRow {
        Objects.requireNonNull(explicit, "explicit");
    }

    UserRow with(PreferenceValues explicit, Instant at, long version) {
        return new UserRow(id, userId, tenantId, explicit, createdAt, at, version, false);
    }

    UserRow movedTo(String tenantId, Instant at, long version) {
        return new UserRow(id, userId, tenantId, explicit, createdAt, at, version, false);
    }

    UserRow asDeleted(Instant at, long version) {
        return new UserRow(id, userId, tenantId, explicit, createdAt, at, version, true);
    }
}
