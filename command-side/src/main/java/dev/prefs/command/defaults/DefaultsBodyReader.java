package dev.prefs.command.defaults;

import dev.prefs.command.preferences.InvalidPreferencesException;
import dev.prefs.command.preferences.PreferencesBodyReader;
import dev.prefs.command.preferences.ValuesChange;
import dev.prefs.events.InvalidValueException;
import dev.prefs.events.PreferenceField;
import dev.prefs.platform.problem.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the merge patch of a tenant's or the system's defaults as strictly as a user's (size, media type, one JSON
 * object, unknown fields and wrong types named in {@code errors}); the value fields mean what they mean for a user.
 */
@Component
class DefaultsBodyReader {

    static final String ENFORCED = "enforced";

    private final PreferencesBodyReader bodies;

    DefaultsBodyReader(PreferencesBodyReader bodies) {
        this.bodies = bodies;
    }

    /** A tenant's patch: the value fields and {@code enforced}. */
    DefaultsBody readTenant(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        return read(request, true);
    }

    /** The system's patch: the value fields only ({@code enforced} is a tenant's, and refused here). */
    DefaultsBody readSystem(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        return read(request, false);
    }

    private DefaultsBody read(HttpServletRequest request, boolean tenant)
            throws IOException, HttpMediaTypeNotSupportedException {
        JsonNode body = bodies.readPatchTree(request);
        List<FieldError> errors = new ArrayList<>();
        ValuesChange values = ValuesChange.NONE;
        Map<PreferenceField, Boolean> enforced = new EnumMap<>(PreferenceField.class);
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (PreferencesBodyReader.VALUE_FIELDS.contains(name)) {
                values = PreferencesBodyReader.valueField(values, name, field.getValue(), errors);
            } else if (tenant && ENFORCED.equals(name)) {
                enforced = enforced(errors, field.getValue());
            } else {
                errors.add(new FieldError(name, tenant
                        ? "is not a field of tenant defaults; the fields are theme, language, notifications and "
                          + "enforced"
                        : "is not a field of the system defaults; the fields are theme, language and notifications"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPreferencesException(errors);
        }
        return new DefaultsBody(values, enforced, bodies.canonical(body));
    }

    /**
     * {@code {field: true or false}} with the fields' wire names; a null (the whole object or one field) stops
     * enforcing, as a merge patch removes what it nulls.
     */
    private static Map<PreferenceField, Boolean> enforced(List<FieldError> errors, JsonNode value) {
        Map<PreferenceField, Boolean> enforced = new EnumMap<>(PreferenceField.class);
        if (value.isNull()) {
            for (PreferenceField field : PreferenceField.values()) {
                enforced.put(field, false);
            }
            return enforced;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(ENFORCED, "must be an object such as {\"theme\": true}"));
            return enforced;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String name = ENFORCED + "." + entry.getKey();
            PreferenceField field;
            try {
                field = PreferenceField.fromWire(entry.getKey());
            } catch (InvalidValueException e) {
                errors.add(new FieldError(name, "is not a field; the fields are " + PreferenceField.allowed()));
                continue;
            }
            JsonNode on = entry.getValue();
            if (on.isBoolean() || on.isNull()) {
                enforced.put(field, on.isBoolean() && on.booleanValue());
            } else {
                errors.add(new FieldError(name, "must be true, false or null"));
            }
        }
        return enforced;
    }
}
