package dev.prefs.command.defaults;

import dev.prefs.command.preferences.ExpectedVersion;
import dev.prefs.command.preferences.KeyedCommand;
import dev.prefs.command.preferences.Operation;
import dev.prefs.command.preferences.ValuesChange;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.TenantId;
import dev.prefs.platform.security.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A merge patch of tenant {@code tenantId}'s defaults: {@code values} as for a user (null: no default, inherit the
 * system's) and {@code enforced}, each field it names to start ({@code true}) or stop ({@code false}) enforcing.
 */
record ChangeTenantDefaultsCommand(@TargetAggregateIdentifier String streamId, String tenantId, ValuesChange values,
                                   Map<PreferenceField, Boolean> enforced, ExpectedVersion expectedVersion,
                                   Caller caller) implements KeyedCommand {

    ChangeTenantDefaultsCommand {
        enforced = Collections.unmodifiableMap(enforced.isEmpty() ? new EnumMap<>(PreferenceField.class)
                : new EnumMap<>(enforced));
    }

    ChangeTenantDefaultsCommand(String tenantId, ValuesChange values, Map<PreferenceField, Boolean> enforced,
                                ExpectedVersion expectedVersion, Caller caller) {
        this(TenantId.stream(tenantId), tenantId, values, enforced, expectedVersion, caller);
    }

    /**
     * A {@code /} and a digest of the tenant id: no user id contains a {@code /}, so no user's key collides with a
     * tenant's, and the digest keeps the longest tenant id within the key table's 128 characters.
     */
    @Override
    public String keyScope() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenantId.getBytes(StandardCharsets.UTF_8));
            return "tenant/" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    @Override
    public Operation operation() {
        return Operation.CHANGE;
    }
}
