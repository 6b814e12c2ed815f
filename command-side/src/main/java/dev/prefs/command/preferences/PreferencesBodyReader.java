package dev.prefs.command.preferences;

import dev.prefs.events.PreferenceField;
import dev.prefs.platform.problem.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads create and merge-patch bodies as a JSON tree rather than binding them to a class, so that a field left out
 * can be told from a field set to null, and every unknown field or wrong type is reported by name. It reads at most
 * {@code prefs.command.max-body-size} bytes, whatever the client claims.
 */
@Component
public class PreferencesBodyReader {

    static final MediaType MERGE_PATCH_JSON = MediaType.valueOf("application/merge-patch+json");
    static final String THEME = "theme";
    static final String LANGUAGE = "language";
    static final String NOTIFICATIONS_ENABLED = "notificationsEnabled";
    static final String NOTIFICATIONS = "notifications";
    static final String EMAIL = "email";
    static final String PUSH = "push";
    static final String SMS = "sms";
    static final String TENANT_ID = "tenantId";
    /** The fields of a body that are values of a layer (a user's, a tenant's, the system's). */
    public static final Set<String> VALUE_FIELDS = Set.of(THEME, LANGUAGE, NOTIFICATIONS);

    private static final Pattern SOURCE = Pattern.compile("\\s*\\[Source:[^\\]]*\\]");
    private static final Pattern START_MARKER = Pattern.compile("\\s*\\(start marker at\\s*\\)");

    private final JsonMapper mapper;
    private final ObjectReader reader;
    private final int maxBytes;

    PreferencesBodyReader(JsonMapper mapper, @Value("${prefs.command.max-body-size:16KB}") DataSize maxBodySize) {
        this.mapper = mapper;
        this.reader = mapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBytes = Math.toIntExact(maxBodySize.toBytes());
    }

    /** A create body; no body at all sets no explicit value. */
    PreferencesBody readCreate(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        byte[] body = readBytes(request);
        if (body.length == 0) {
            return PreferencesBody.EMPTY;
        }
        requireMediaType(request, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST);
        return fields(parse(body));
    }

    /** A JSON Merge Patch (RFC 7396) of the preferences; it must be an object. */
    PreferencesBody readPatch(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        return fields(readPatchTree(request));
    }

    /**
     * A JSON Merge Patch (RFC 7396) body, read as strictly as a user's: at most the size limit, one of the merge-patch
     * media types, one JSON object without duplicate fields or trailing data.
     */
    public JsonNode readPatchTree(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        byte[] body = readBytes(request);
        if (body.length == 0 && request.getContentType() == null) {
            throw new MalformedRequestException("PATCH needs a JSON merge patch body, such as {\"theme\": \"light\"}");
        }
        // The type first: a JSON body sent as a form (curl -d) is a wrong type, not a missing body.
        requireMediaType(request, List.of(MERGE_PATCH_JSON, MediaType.APPLICATION_JSON), HttpMethod.PATCH);
        if (body.length == 0) {
            throw new MalformedRequestException("PATCH needs a JSON merge patch body, such as {\"theme\": \"light\"}");
        }
        return parse(body);
    }

    private byte[] readBytes(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
            return body;
        }
    }

    private static void requireMediaType(HttpServletRequest request, List<MediaType> supported, HttpMethod method)
            throws HttpMediaTypeNotSupportedException {
        MediaType contentType;
        try {
            contentType = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage(), supported);
        }
        if (contentType == null || supported.stream().noneMatch(type -> type.equalsTypeAndSubtype(contentType))) {
            throw new HttpMediaTypeNotSupportedException(contentType, supported, method);
        }
    }

    private JsonNode parse(byte[] body) {
        JsonNode tree;
        try {
            tree = reader.readTree(body);
        } catch (MismatchedInputException e) {
            throw new MalformedRequestException("The body must be one JSON object with nothing after it");
        } catch (JacksonException e) {
            // Limits (nesting depth, number length) fail without a location.
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new MalformedRequestException("The body is not valid JSON" + where + ": " + reason(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedRequestException("The body must be a JSON object");
        }
        return tree;
    }

    /**
     * The parser's own words for what is wrong, without the locations it embeds for the start of an unclosed object
     * or string ("[Source: REDACTED ...; line: 1, column: 1]"), which say nothing to a client.
     */
    static String reason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        message = SOURCE.matcher(message).replaceAll("");
        message = START_MARKER.matcher(message).replaceAll("");
        message = message.lines().findFirst().orElse("").strip();
        return message.isEmpty() ? "it is not well-formed" : message;
    }

    private PreferencesBody fields(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        ValuesChange values = ValuesChange.NONE;
        boolean tenantGiven = false;
        String tenantId = null;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (VALUE_FIELDS.contains(name)) {
                values = valueField(values, name, value, errors);
            } else if (NOTIFICATIONS_ENABLED.equals(name)) {
                if (value.isNull()) {
                    values = values.with(PreferenceField.EMAIL, null).with(PreferenceField.PUSH, null)
                            .with(PreferenceField.SMS, null);
                } else if (value.isBoolean()) {
                    values = values.switching(value.booleanValue());
                } else {
                    errors.add(new FieldError(NOTIFICATIONS_ENABLED, "must be true, false or null"));
                }
            } else if (TENANT_ID.equals(name)) {
                tenantGiven = true;
                tenantId = string(errors, TENANT_ID, value);
            } else {
                errors.add(new FieldError(name, "is not a preference; the fields are theme, language, "
                                                + "notifications, notificationsEnabled and tenantId"));
            }
        }
        if (body.has(NOTIFICATIONS) && body.has(NOTIFICATIONS_ENABLED)) {
            errors.add(new FieldError(NOTIFICATIONS_ENABLED, "cannot be sent together with notifications;"
                                                               + " send the channels, or the switch, not both"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPreferencesException(errors);
        }
        return new PreferencesBody(values, tenantGiven, tenantId, canonical(body));
    }

    /**
     * {@code change} with the value field {@code name} (one of {@link #VALUE_FIELDS}) of a body added: a string for
     * theme and language, an object of channels for notifications; {@code null} (the whole object, or one channel)
     * holds no value. A wrong type is noted in {@code errors}.
     */
    public static ValuesChange valueField(ValuesChange change, String name, JsonNode value, List<FieldError> errors) {
        return switch (name) {
            case THEME -> change.with(PreferenceField.THEME, string(errors, THEME, value));
            case LANGUAGE -> change.with(PreferenceField.LANGUAGE, string(errors, LANGUAGE, value));
            case NOTIFICATIONS -> channels(change, errors, value);
            default -> throw new IllegalArgumentException(name + " is not a value field");
        };
    }

    /** The body as sorted, compact JSON: what makes two requests "the same" for an Idempotency-Key. */
    public String canonical(JsonNode body) {
        return mapper.writeValueAsString(sorted(body));
    }

    private static ValuesChange channels(ValuesChange change, List<FieldError> errors, JsonNode value) {
        if (value.isNull()) {
            return change.with(PreferenceField.EMAIL, null).with(PreferenceField.PUSH, null)
                    .with(PreferenceField.SMS, null);
        }
        if (!value.isObject()) {
            errors.add(new FieldError(NOTIFICATIONS, "must be an object such as {\"sms\": true}, or null"));
            return change;
        }
        ValuesChange channels = change;
        for (Map.Entry<String, JsonNode> channel : value.properties()) {
            String name = NOTIFICATIONS + "." + channel.getKey();
            PreferenceField field = switch (channel.getKey()) {
                case EMAIL -> PreferenceField.EMAIL;
                case PUSH -> PreferenceField.PUSH;
                case SMS -> PreferenceField.SMS;
                default -> null;
            };
            if (field == null) {
                errors.add(new FieldError(name, "is not a channel; the channels are email, push and sms"));
            } else if (channel.getValue().isNull() || channel.getValue().isBoolean()) {
                channels = channels.with(field, channel.getValue().isNull() ? null : channel.getValue().booleanValue());
            } else {
                errors.add(new FieldError(name, "must be true, false or null"));
            }
        }
        return channels;
    }

    /** The body with every object's fields in name order, so that field order never makes two bodies differ. */
    private static Object sorted(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        Map<String, Object> fields = new TreeMap<>();
        node.properties().forEach(field -> fields.put(field.getKey(), sorted(field.getValue())));
        return fields;
    }

    /** A string or null; another type is noted in {@code errors} (and answers null, which is never used then). */
    static String string(List<FieldError> errors, String name, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(name, "must be a string or null"));
            return null;
        }
        return value.stringValue();
    }
}
