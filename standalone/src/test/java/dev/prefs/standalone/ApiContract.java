package dev.prefs.standalone;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The served OpenAPI document, and real requests checked against it: each answer must be one the document declares
 * for that operation (status, Content-Type, body schema, with no undeclared body fields). Used by the document test
 * and by the fuzzer.
 */
final class ApiContract {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Headers the JDK client will not send; a call asking for one of them is sent without it. */
    private static final List<String> RESTRICTED = List.of("connection", "content-length", "host", "expect",
            "upgrade");

    final String json;
    final OpenAPI api;
    final SwaggerParseResult parsed;
    private final String base;
    private final OpenApiInteractionValidator validator;

    private ApiContract(String base, String json) {
        this.base = base;
        this.json = json;
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        this.parsed = new OpenAPIV3Parser().readContents(json, null, options);
        this.api = parsed.getOpenAPI();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(json)
                // An answer field the document does not declare is a contradiction too.
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .build())
                .build();
    }

    /** Reads the document from the server on {@code port}, without a token (it is open). */
    static ApiContract of(int port) {
        String base = "http://localhost:" + port;
        Answer document = send(base, new Call("GET", "/v3/api-docs", Map.of(), null));
        if (document.status() != 200) {
            throw new IllegalStateException("GET /v3/api-docs answered " + document.status());
        }
        return new ApiContract(base, document.body());
    }

    /** One request: method, path with its query string as sent, headers and an optional body. */
    record Call(String method, String target, Map<String, String> headers, String body) {

        Call with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Call(method, target, more, body);
        }

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        Map<String, List<String>> query() {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            int start = target.indexOf('?');
            if (start < 0) {
                return parameters;
            }
            for (String pair : target.substring(start + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            return parameters;
        }

        private static String decode(String raw) {
            try {
                return URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return raw;
            }
        }
    }

    record Answer(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst();
        }
    }

    Answer send(Call call) {
        return send(base, call);
    }

    /** What contradicts the document in this answer to this call; with {@code request}, in the call too. */
    ValidationReport check(Call call, Answer answer, boolean request) {
        Request.Method method = Request.Method.valueOf(call.method());
        SimpleResponse.Builder response = new SimpleResponse.Builder(answer.status());
        answer.headers().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (!answer.body().isEmpty()) {
            response.withBody(answer.body());
        }
        if (!request) {
            return validator.validateResponse(call.path(), method, response.build());
        }
        SimpleRequest.Builder simple = new SimpleRequest.Builder(method, call.path());
        call.headers().forEach(simple::withHeader);
        call.query().forEach(simple::withQueryParam);
        if (call.body() != null) {
            simple.withBody(call.body());
        }
        return validator.validate(simple.build(), response.build());
    }

    /** The document's path template that {@code path} matches, such as {@code /api/users/{userId}/preferences}. */
    Optional<String> template(String path) {
        return api.getPaths().keySet().stream()
                .filter(template -> Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")).matcher(path).matches())
                .findFirst();
    }

    private static Answer send(String base, Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.target()))
                .timeout(Duration.ofSeconds(30))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
