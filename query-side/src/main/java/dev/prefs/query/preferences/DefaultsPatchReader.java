package dev.prefs.query.preferences;

import dev.prefs.events.InvalidValueException;
import dev.prefs.events.LanguageTag;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Theme;
import dev.prefs.platform.problem.ProblemType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the merge patch of a defaults layer for a preview, as strictly as the command side reads the PATCH: theme,
 * language, notifications (an object of email, push, sms) and, for a tenant, enforced (an object of field: boolean);
 * {@code null} removes a value (a tenant's default: inherit the system's; the system's: back to the built-in
 * value). Every unknown field, wrong type, malformed body, oversized body or other media type is a 4xx.
 */
final class DefaultsPatchReader {

    static final MediaType MERGE_PATCH_JSON = MediaType.valueOf("application/merge-patch+json");
    static final int MAX_BYTES = 16 * 1024;
    private static final List<MediaType> SUPPORTED = List.of(MERGE_PATCH_JSON, MediaType.APPLICATION_JSON);

    private final ObjectReader reader = JsonMapper.builder().build().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A tenant's layer {@code before} (defaults and enforced; NONE if it has none) after the patch. */
    Layer tenant(PreferenceValues before, Set<PreferenceField> enforcedBefore, String contentType, byte[] body)
            throws HttpMediaTypeNotSupportedException {
        JsonNode patch = parse(contentType, body);
        PreferenceValues values = before;
        Set<PreferenceField> enforced = enforcedBefore.isEmpty() ? EnumSet.noneOf(PreferenceField.class)
                : EnumSet.copyOf(enforcedBefore);
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            switch (field.getKey()) {
                case "theme", "language", "notifications" -> values = value(values, field.getKey(), field.getValue(),
                        PreferenceValues.NONE);
                case "enforced" -> enforced(enforced, field.getValue());
                default -> throw unknown(field.getKey(), "theme, language, notifications, enforced");
            }
        }
        for (PreferenceField field : enforced) {
            if (values.get(field) == null) {
                throw new InvalidValueException("enforced", "enforces " + field.wire()
                                                            + ", for which the tenant has no default");
            }
        }
        return new Layer(values, enforced);
    }

    /** The system layer {@code before} (every field set) after the patch. */
    PreferenceValues system(PreferenceValues before, String contentType, byte[] body)
            throws HttpMediaTypeNotSupportedException {
        JsonNode patch = parse(contentType, body);
        PreferenceValues values = before;
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            switch (field.getKey()) {
                case "theme", "language", "notifications" -> values = value(values, field.getKey(), field.getValue(),
                        PreferenceValues.BUILT_IN);
                default -> throw unknown(field.getKey(), "theme, language, notifications");
            }
        }
        return values;
    }

    /** A layer's values and enforced fields after a patch. */
    record Layer(PreferenceValues defaults, Set<PreferenceField> enforced) {
    }

    private static PreferenceValues value(PreferenceValues values, String name, JsonNode value,
                                          PreferenceValues removed) {
        switch (name) {
            case "theme" -> {
                return values.with(PreferenceField.THEME, value.isNull() ? removed.theme()
                        : Theme.fromWire(string(name, value)).wire());
            }
            case "language" -> {
                return values.with(PreferenceField.LANGUAGE, value.isNull() ? removed.language()
                        : LanguageTag.canonical(string(name, value)));
            }
            default -> {
                if (value.isNull()) {
                    return new PreferenceValues(values.theme(), values.language(), removed.notifications());
                }
                if (!value.isObject()) {
                    throw new InvalidValueException("notifications", "must be an object of email, push and sms");
                }
                PreferenceValues result = values;
                for (Map.Entry<String, JsonNode> channel : value.properties()) {
                    PreferenceField field = switch (channel.getKey()) {
                        case "email" -> PreferenceField.EMAIL;
                        case "push" -> PreferenceField.PUSH;
                        case "sms" -> PreferenceField.SMS;
                        default -> throw unknown("notifications." + channel.getKey(), "email, push, sms");
                    };
                    JsonNode choice = channel.getValue();
                    if (!choice.isNull() && !choice.isBoolean()) {
                        throw new InvalidValueException(field.wire(), "must be true, false or null");
                    }
                    result = result.with(field, choice.isNull() ? removed.get(field) : choice.booleanValue());
                }
                return result;
            }
        }
    }

    private static void enforced(Set<PreferenceField> enforced, JsonNode value) {
        if (value.isNull()) {
            enforced.clear();
            return;
        }
        if (!value.isObject()) {
            throw new InvalidValueException("enforced", "must be an object of field: true or false");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            PreferenceField field = PreferenceField.fromWire(entry.getKey());
            JsonNode flag = entry.getValue();
            if (!flag.isBoolean() && !flag.isNull()) {
                throw new InvalidValueException("enforced", field.wire() + " must be true or false");
            }
            if (flag.isBoolean() && flag.booleanValue()) {
                enforced.add(field);
            } else {
                enforced.remove(field);
            }
        }
    }

    private static String string(String name, JsonNode value) {
        if (!value.isString()) {
            throw new InvalidValueException(name, "must be a string or null");
        }
        return value.asString();
    }

    private static InvalidValueException unknown(String field, String allowed) {
        return new InvalidValueException(field, "is not a field of this body; it may hold " + allowed);
    }

    private JsonNode parse(String contentType, byte[] body) throws HttpMediaTypeNotSupportedException {
        if (body != null && body.length > MAX_BYTES) {
            throw new ErrorResponseException(ProblemType.BODY_TOO_LARGE.status(),
                    ProblemType.BODY_TOO_LARGE.problem("The body is over " + MAX_BYTES + " bytes"), null);
        }
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage(), SUPPORTED);
        }
        if (type == null || SUPPORTED.stream().noneMatch(supported -> supported.equalsTypeAndSubtype(type))) {
            throw new HttpMediaTypeNotSupportedException(type, SUPPORTED, HttpMethod.POST);
        }
        if (body == null || body.length == 0) {
            throw malformed("A preview needs a JSON merge patch body, such as {\"theme\": \"light\"}");
        }
        JsonNode tree;
        try {
            tree = reader.readTree(body);
        } catch (JacksonException e) {
            throw malformed("The body is not one valid JSON object");
        }
        if (tree == null || !tree.isObject()) {
            throw malformed("The body must be a JSON object");
        }
        return tree;
    }

    private static ErrorResponseException malformed(String detail) {
        return new ErrorResponseException(ProblemType.MALFORMED_REQUEST.status(),
                ProblemType.MALFORMED_REQUEST.problem(detail), null);
    }
}
