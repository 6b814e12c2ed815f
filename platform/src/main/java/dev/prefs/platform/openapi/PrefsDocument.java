package dev.prefs.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.List;

/** The shared parts of the OpenAPI document, as swagger-core model objects. */
final class PrefsDocument {

    static final String BEARER_JWT = "bearer-jwt";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_DETAIL = "ProblemDetail";
    private static final String FIELD_ERROR = "FieldError";

    private static final String DESCRIPTION = """
            User preferences (theme, language, notification channels), stored as events: every accepted change is \
            an event, reads come from read models built by replaying them.

            **Authentication.** Every `/api/**` and `/admin/**` request needs `Authorization: Bearer <JWT>` (the \
            Authorize button): HS256 with the service's secret, or an identity provider's keys. The token's `sub` is \
            the caller's user id; a caller reads and changes only `/api/users/{its sub}/**`. The scope \
            `preferences:admin` makes an admin, who may touch any user, list them, read the stats and use \
            `/admin/**`. No token or an invalid one: 401; a path the token may not reach: 403. The standalone \
            service mints tokens for trying it out: `java -jar prefs-standalone.jar token alice` (add `--admin` for \
            an admin).

            **Versions.** `version` counts a user's events and is the `ETag`. `If-Match: "N"` makes a write \
            conditional on it (412 otherwise), `If-None-Match` makes a read answer 304 while it is unchanged, and \
            `minVersion` makes a read wait until the read model holds that version. `Idempotency-Key` makes a \
            retried write safe.

            **Errors.** Every 4xx and 5xx answer is an RFC 9457 problem (`application/problem+json`); validation \
            failures list each invalid field in `errors`. A refused request writes nothing.""";

    private PrefsDocument() {
    }

    static OpenAPI base(String version) {
        return new OpenAPI()
                .info(new Info().title("Prefs").version(version).description(DESCRIPTION))
                .components(new Components()
                        .addSecuritySchemes(BEARER_JWT, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("A JWT whose sub is the caller's user id; the scope preferences:admin "
                                             + "makes an admin"))
                        .addSchemas(PROBLEM_DETAIL, problemDetail())
                        .addSchemas(FIELD_ERROR, fieldError())
                        // OpenAPI 3.0 has no "null" type, and validators ignore nullable beside anyOf: a schema
                        // without a type is the one way to say "any value, null included".
                        .addSchemas("JsonValue", new Schema<>().nullable(true)
                                .description("Any JSON value: a string, number, boolean, object, array or null"))
                        .addHeaders("ETag", header("The preferences' version as an entity tag, such as \"3\"",
                                new StringSchema().example("\"3\"")))
                        .addHeaders("Location", header("Where the created resource is read",
                                new StringSchema().format("uri-reference")))
                        .addHeaders("Retry-After", header("Seconds to wait before trying again",
                                new IntegerSchema().minimum(BigDecimal.ZERO)))
                        .addHeaders("Idempotent-Replayed", header("true when this is the stored answer to an "
                                + "earlier request with the same Idempotency-Key", new StringSchema()
                                ._enum(List.of("true"))))
                        .addHeaders("WWW-Authenticate", header("The bearer challenge (RFC 6750)",
                                new StringSchema().example("Bearer"))));
    }

    /** A problem+json answer with the given status and description. */
    static ApiResponse problem(int status, String description) {
        return problem(status, description, false);
    }

    /** The same, with the Retry-After header if {@code retryAfter} (always for 503). */
    static ApiResponse problem(int status, String description, boolean retryAfter) {
        ApiResponse response = new ApiResponse().description(description).content(new Content()
                .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>()
                        .$ref("#/components/schemas/" + PROBLEM_DETAIL))));
        if (status == 503 || retryAfter) {
            response.addHeaderObject("Retry-After", new Header().$ref(HeaderRefs.RETRY_AFTER));
        }
        if (status == 401) {
            response.addHeaderObject("WWW-Authenticate", new Header().$ref("#/components/headers/WWW-Authenticate"));
        }
        return response;
    }

    static String usualMeaning(int status) {
        return switch (status) {
            case 400 -> "The request line or a header is malformed (a bad percent-escape, for one)";
            case 401 -> "No bearer token, or one that is invalid or expired";
            case 403 -> "The token may not do that: users reach only their own preferences, admins everything";
            case 404 -> "Not found";
            case 406 -> "The Accept header allows neither application/json nor application/problem+json";
            case 409 -> "Conflict with the current state";
            case 412 -> "If-Match is not the current version";
            case 413 -> "The body is larger than 16 KiB";
            case 415 -> "The Content-Type is not one the operation reads";
            case 422 -> "The Idempotency-Key was used before with another request";
            case 503 -> "The database cannot be reached, or (on reads) no build this process can read is live "
                        + "during a rolling deploy; nothing was changed, and Retry-After says when to try again";
            default -> "Error";
        };
    }

    /** Gives a recurring parameter its one definition; any other is left as the controller declared it. */
    static void describe(Parameter parameter) {
        switch (parameter.getIn() + ":" + parameter.getName()) {
            case "path:userId" -> parameter.description("The user: 1 to 128 of A-Z a-z 0-9 . _ : @ -")
                    .example("alice")
                    .schema(new StringSchema().minLength(1).maxLength(128).pattern("^[A-Za-z0-9._:@-]{1,128}$"));
            case "header:If-Match" -> parameter.description("Write only if the preferences are at this version "
                                                            + "(the ETag of an earlier answer); 412 otherwise")
                    .example("\"3\"").schema(new StringSchema());
            case "header:If-None-Match" -> parameter.description("An ETag seen before: 304 while the preferences "
                                                                 + "are still at that version")
                    .example("\"3\"").schema(new StringSchema());
            case "header:Idempotency-Key" -> parameter.description("Makes a retry safe: a repeat with the same key "
                    + "and body answers the first answer again and appends nothing; the same key with another body "
                    + "is 422. 1 to 255 printable ASCII characters without spaces")
                    .example("9f1c2d7e-create-alice")
                    .schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]{1,255}$"));
            default -> {
            }
        }
    }

    private static Schema<?> problemDetail() {
        return new ObjectSchema()
                .description("An RFC 9457 problem. Other members may follow (a refused rebuild names the running "
                             + "jobId).")
                .addProperty("type", new StringSchema().format("uri").example("urn:prefs:problem:validation-failed")
                        .description("What kind of problem: a URI that stays the same for the same problem"))
                .addProperty("title", new StringSchema().description("A short summary of the problem type"))
                .addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(400))
                        .maximum(BigDecimal.valueOf(599)).description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The request's path"))
                .addProperty("errors", new ArraySchema().items(new Schema<>()
                        .$ref("#/components/schemas/" + FIELD_ERROR))
                        .description("Validation failures only: each invalid field or parameter"))
                .required(List.of("type", "title", "status", "detail"))
                .additionalProperties(Boolean.TRUE);
    }

    private static Schema<?> fieldError() {
        return new ObjectSchema()
                .addProperty("field", new StringSchema().example("theme")
                        .description("The body field, query parameter or header"))
                .addProperty("message", new StringSchema().example("must be one of dark, light, system"))
                .required(List.of("field", "message"));
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }
}
