package dev.prefs.command.preferences;

import dev.prefs.events.NotificationChannels;
import dev.prefs.events.PreferenceDefaults;
import dev.prefs.platform.problem.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
class PreferencesBodyReader {

    static final MediaType MERGE_PATCH_JSON = MediaType.valueOf("application/merge-patch+json");
    static final String THEME = "theme";
    static final String LANGUAGE = "language";
    static final String NOTIFICATIONS_ENABLED = "notificationsEnabled";
    static final String NOTIFICATIONS = "notifications";
    static final String EMAIL = "email";
    static final String PUSH = "push";
    static final String SMS = "sms";

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

    /** A create body; no body at all means every default. */
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
        byte[] body = readBytes(request);
        if (body.length == 0 && request.getContentType() == null) {
            throw new MalformedRequestException("PATCH needs a JSON merge patch body, such as {\"theme\": \"light\"}");
        }
        // The type first: a JSON body sent as a form (curl -d) is a wrong type, not a missing body.
        requireMediaType(request, List.of(MERGE_PATCH_JSON, MediaType.APPLICATION_JSON), HttpMethod.PATCH);
        if (body.length == 0) {
            throw new MalformedRequestException("PATCH needs a JSON merge patch body, such as {\"theme\": \"light\"}");
        }
        return fields(parse(body));
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
        String theme = null;
        String language = null;
        NotificationsChange notifications = NotificationsChange.NONE;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case THEME -> theme = string(errors, THEME, value, PreferenceDefaults.THEME);
                case LANGUAGE -> language = string(errors, LANGUAGE, value, PreferenceDefaults.LANGUAGE);
                case NOTIFICATIONS_ENABLED -> {
                    if (value.isNull()) {
                        notifications = NotificationsChange.toDefaults();
                    } else if (value.isBoolean()) {
                        notifications = new NotificationsChange(value.booleanValue(), null, null, null);
                    } else {
                        errors.add(new FieldError(NOTIFICATIONS_ENABLED, "must be true, false or null"));
                    }
                }
                case NOTIFICATIONS -> notifications = channels(errors, value);
                default -> errors.add(new FieldError(field.getKey(), "is not a preference; the fields are theme,"
                                                                       + " language, notifications and notificationsEnabled"));
            }
        }
        if (body.has(NOTIFICATIONS) && body.has(NOTIFICATIONS_ENABLED)) {
            errors.add(new FieldError(NOTIFICATIONS_ENABLED, "cannot be sent together with notifications;"
                                                               + " send the channels, or the switch, not both"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPreferencesException(errors);
        }
        return new PreferencesBody(theme, language, notifications, mapper.writeValueAsString(sorted(body)));
    }

    /** The {@code notifications} object: any subset of the channels; null (the whole object or one) is the default. */
    private static NotificationsChange channels(List<FieldError> errors, JsonNode value) {
        if (value.isNull()) {
            return NotificationsChange.toDefaults();
        }
        if (!value.isObject()) {
            errors.add(new FieldError(NOTIFICATIONS, "must be an object such as {\"sms\": true}, or null"));
            return NotificationsChange.NONE;
        }
        NotificationChannels defaults = PreferenceDefaults.NOTIFICATIONS;
        Boolean email = null;
        Boolean push = null;
        Boolean sms = null;
        for (Map.Entry<String, JsonNode> channel : value.properties()) {
            String name = NOTIFICATIONS + "." + channel.getKey();
            switch (channel.getKey()) {
                case EMAIL -> email = bool(errors, name, channel.getValue(), defaults.email());
                case PUSH -> push = bool(errors, name, channel.getValue(), defaults.push());
                case SMS -> sms = bool(errors, name, channel.getValue(), defaults.sms());
                default -> errors.add(new FieldError(name, "is not a channel; the channels are email, push and sms"));
            }
        }
        return new NotificationsChange(null, email, push, sms);
    }

    private static Boolean bool(List<FieldError> errors, String name, JsonNode value, boolean defaultValue) {
        if (value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(name, "must be true, false or null"));
            return null;
        }
        return value.booleanValue();
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

    private static String string(List<FieldError> errors, String name, JsonNode value, String defaultValue) {
        if (value.isNull()) {
            return defaultValue;
        }
        if (!value.isString()) {
            errors.add(new FieldError(name, "must be a string or null"));
            return null;
        }
        return value.stringValue();
    }
}
