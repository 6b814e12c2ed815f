package dev.prefs.standalone;

import dev.prefs.standalone.ApiContract.Call;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests generated from the OpenAPI document, for every operation: the valid request first, then one change at a
 * time: each parameter at its boundaries, beyond them, of the wrong type and malformed; each body field null, of
 * every wrong type and out of its enum; bodies that are not objects, not JSON, too large or of another media type;
 * missing, invalid and foreign tokens; odd Accept, If-Match, If-None-Match and Idempotency-Key headers.
 */
final class SchemaFuzzer {

    /** What every parameter also gets, whatever its schema: empty, blank, long, escapes good and bad, injections. */
    private static final List<String> NASTY = List.of("", " ", "x".repeat(5_000), "%00", "%zz", "%", "%C3%BC",
            "%E2%82%AC%F0%9F%98%80", "'%20OR%201=1--", "..%2F..%2Fetc%2Fpasswd", "null", "-1", "0", "1e309",
            "9223372036854775808", "true", "[]", "{}", "%0d%0aX-Injected:%201", "a%2Fb");
    private static final List<String> BODIES = List.of("", "null", "[]", "\"text\"", "42", "true", "{", "}",
            "{\"theme\":}", "{\"theme\":\"dark\",\"theme\":\"light\"}", "{\"theme\":\"dark\"} trailing",
            "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":" .repeat(2_000) + "1" + "}".repeat(2_000),
            "{\"unknown\":1}", "{\"\":null}", "\uFEFF{}", "{\"version\":1e400}", "{\"theme\":\"\\ud800\"}");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/json; charset=ISO-8859-1", "application/merge-patch+json", "application/json",
            "garbage", "application/json;;", "multipart/form-data; boundary=x", "*/*");
    private static final List<String> ACCEPTS = List.of("application/problem+json", "text/plain",
            "application/xml", "*/*", "garbage/", "application/json;q=0", "text/event-stream");
    private static final List<String> IF_MATCH = List.of("*", "\"1\"", "W/\"1\"", "\"1\", \"2\"", "garbage", "\"\"",
            "\"-1\"", "\"99999999999999999999\"", "\"1", ",");
    private static final List<String> KEYS = List.of("k", "with space", "x".repeat(300), "ü", "");

    private final OpenAPI api;
    private final Map<String, String> tokens;

    /** {@code tokens}: "admin", "user" (the path's own user), "other" (another user), "expired". */
    SchemaFuzzer(OpenAPI api, Map<String, String> tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /** Every generated call, each valid call before its variations, operation by operation. */
    List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        api.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, operation) ->
                calls.addAll(calls(method.name(), template, operation))));
        return calls;
    }

    private List<Call> calls(String method, String template, Operation operation) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach(p -> values.put(p.getIn() + ":" + p.getName(), validValue(p)));
        String contentType = null;
        String body = null;
        Schema<?> bodySchema = null;
        if (operation.getRequestBody() != null) {
            Map.Entry<String, MediaType> first = operation.getRequestBody().getContent().entrySet().iterator().next();
            contentType = first.getKey();
            bodySchema = resolve(first.getValue().getSchema());
            body = first.getValue().getExample() != null ? Json.write(first.getValue().getExample()) : "{}";
        }
        Call valid = build(method, template, parameters, values, tokens.get("admin"), contentType, body);
        List<Call> calls = new ArrayList<>();
        calls.add(valid);

        calls.add(build(method, template, parameters, values, null, contentType, body));
        for (String token : List.of("garbage", tokens.get("expired"), tokens.get("other"), tokens.get("user"))) {
            calls.add(build(method, template, parameters, values, token, contentType, body));
        }
        calls.add(valid.with("Authorization", "Basic Zm9vOmJhcg=="));
        calls.add(valid.with("Authorization", "Bearer"));

        for (Parameter parameter : parameters) {
            String key = parameter.getIn() + ":" + parameter.getName();
            for (String value : values(parameter)) {
                Map<String, String> changed = new LinkedHashMap<>(values);
                changed.put(key, value);
                calls.add(build(method, template, parameters, changed, tokens.get("admin"), contentType, body));
            }
            if ("query".equals(parameter.getIn())) {
                calls.add(new Call(method, valid.target() + (valid.target().contains("?") ? "&" : "?")
                        + parameter.getName() + "=" + values.get(key), valid.headers(), valid.body()));
            }
        }
        for (String accept : ACCEPTS) {
            calls.add(valid.with("Accept", accept));
        }
        for (String tag : IF_MATCH) {
            calls.add(valid.with("If-Match", tag));
            calls.add(valid.with("If-None-Match", tag));
        }
        for (String key : KEYS) {
            calls.add(valid.with("Idempotency-Key", key));
        }
        if (operation.getRequestBody() != null) {
            for (String other : BODIES) {
                calls.add(build(method, template, parameters, values, tokens.get("admin"), contentType, other));
            }
            calls.add(build(method, template, parameters, values, tokens.get("admin"), contentType, null));
            calls.add(build(method, template, parameters, values, tokens.get("admin"), contentType,
                    "{\"theme\":\"" + "x".repeat(17 * 1024) + "\"}"));
            for (String type : CONTENT_TYPES) {
                calls.add(build(method, template, parameters, values, tokens.get("admin"), type, body));
            }
            calls.add(build(method, template, parameters, values, tokens.get("admin"), null, body));
            for (String field : fields(bodySchema)) {
                for (String value : List.of("null", "1", "-1", "1.5", "\"x\"", "\"\"", "true", "[]", "{}",
                        "{\"email\":\"yes\"}", "{\"sms\":null,\"fax\":true}", "\"" + "y".repeat(200) + "\"",
                        "9223372036854775808", "\"purple\"", "\"en-\"")) {
                    calls.add(build(method, template, parameters, values, tokens.get("admin"), contentType,
                            "{\"" + field + "\":" + value + "}"));
                }
            }
        }
        return calls;
    }

    private Call build(String method, String template, List<Parameter> parameters, Map<String, String> values,
                       String token, String contentType, String body) {
        String path = template;
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Parameter parameter : parameters) {
            String value = values.get(parameter.getIn() + ":" + parameter.getName());
            if (value == null) {
                continue;
            }
            switch (parameter.getIn()) {
                case "path" -> path = path.replace("{" + parameter.getName() + "}", value);
                case "query" -> query.append(query.isEmpty() ? "?" : "&").append(parameter.getName()).append('=')
                        .append(value);
                case "header" -> headers.put(parameter.getName(), value);
                default -> {
                }
            }
        }
        if (token != null) {
            headers.put("Authorization", token.startsWith("Bearer ") || token.equals("garbage")
                    ? "Bearer " + token.replace("Bearer ", "") : "Bearer " + token);
        }
        if (contentType != null && body != null) {
            headers.put("Content-Type", contentType);
        }
        return new Call(method, path + query, headers, body);
    }

    /** A value the parameter accepts (as sent on the wire: percent-encoded for the path and query); null: leave out. */
    private String validValue(Parameter parameter) {
        if (!Boolean.TRUE.equals(parameter.getRequired())) {
            return null;
        }
        return switch (parameter.getName()) {
            case "userId" -> "fz-alice";
            case "name" -> "userpreferences";
            case "processingGroup" -> "userpreferences_v3";
            case "jobId" -> "00000000-0000-4000-8000-000000000000";
            default -> parameter.getExample() != null ? encode(parameter.getExample().toString()) : "x";
        };
    }

    /** Boundary, out-of-range, wrong-type and malformed values from the parameter's schema, plus the nasty ones. */
    private List<String> values(Parameter parameter) {
        Schema<?> schema = resolve(parameter.getSchema());
        List<String> values = new ArrayList<>();
        boolean header = "header".equals(parameter.getIn());
        if (schema != null) {
            if (schema.getEnum() != null) {
                schema.getEnum().forEach(value -> values.add(String.valueOf(value)));
                values.add("purple");
                values.add(String.valueOf(schema.getEnum().get(0)).toUpperCase());
            }
            if ("integer".equals(schema.getType()) || "number".equals(schema.getType())) {
                long min = schema.getMinimum() == null ? 0 : schema.getMinimum().longValue();
                values.addAll(List.of(String.valueOf(min), String.valueOf(min - 1), "abc", "1.5", " 1", "+1", "0x10",
                        "2147483648"));
                if (schema.getMaximum() != null) {
                    long max = schema.getMaximum().longValue();
                    values.addAll(List.of(String.valueOf(max), String.valueOf(max + 1)));
                }
            }
            if ("boolean".equals(schema.getType())) {
                values.addAll(List.of("true", "false", "TRUE", "yes", "1"));
            }
            if ("date-time".equals(schema.getFormat())) {
                values.addAll(List.of("2026-01-01T00:00:00Z", "2026-01-01T00%3A00%3A00%2B01%3A00", "2026-13-01T00:00:00Z",
                        "yesterday", "1700000000", "9999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z"));
            }
            if (schema.getMaxLength() != null) {
                values.add("a".repeat(schema.getMaxLength()));
                values.add("a".repeat(schema.getMaxLength() + 1));
            }
            if (schema.getPattern() != null) {
                values.addAll(List.of("a%20b", "a*b", "%C3%A9", "a%2Fb", "a;b"));
            }
        }
        for (String nasty : NASTY) {
            // A header value carries no percent-escapes: send the decoded text, within what HTTP/1.1 allows.
            values.add(header ? headerSafe(nasty) : nasty);
        }
        return values;
    }

    private static String headerSafe(String value) {
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = value;
        }
        StringBuilder safe = new StringBuilder();
        decoded.codePoints().filter(c -> c >= 0x20 && c != 0x7F && c <= 0xFF).forEach(safe::appendCodePoint);
        return safe.toString();
    }

    private static List<String> fields(Schema<?> schema) {
        return schema == null || schema.getProperties() == null ? List.of()
                : new ArrayList<>(schema.getProperties().keySet());
    }

    private Schema<?> resolve(Schema<?> schema) {
        if (schema != null && schema.get$ref() != null) {
            return api.getComponents().getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/')
                    + 1));
        }
        return schema;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Example values back to JSON text. */
    private static final class Json {
        private static final tools.jackson.databind.json.JsonMapper MAPPER =
                tools.jackson.databind.json.JsonMapper.builder().build();

        static String write(Object value) {
            if (value instanceof String text) {
                return text;
            }
            // swagger-parser reads examples with Jackson 2: its trees print themselves as JSON.
            return value instanceof com.fasterxml.jackson.databind.JsonNode tree ? tree.toString()
                    : MAPPER.writeValueAsString(value);
        }
    }
}
