package dev.prefs.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Every problem {@code type} a Prefs process answers with, in one place: the same case gets the same type whichever
 * side (command, query, platform, security) answers it, and clients can rely on the list in
 * {@code docs/http-api.md}. A type always comes with the same status.
 */
public enum ProblemType {

    VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "Invalid request",
            "A value in the path, query string, headers or body breaks its rule; errors names each one."),
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request",
            "The request cannot be read at all: its body is not the JSON expected, or its URL, query string, request"
            + " line or headers are malformed."),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized",
            "The request has no bearer token, or one that is not valid; detail says why."),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden",
            "The token is valid but may not do this: users reach only their own preferences, admins everything."),
    PATH_NOT_FOUND("path-not-found", HttpStatus.NOT_FOUND, "Not found",
            "Nothing is served at that path."),
    PREFERENCES_NOT_FOUND("preferences-not-found", HttpStatus.NOT_FOUND, "Preferences not found",
            "The user has no preferences: never created, deleted, or not yet at the asked instant."),
    TENANT_DEFAULTS_NOT_FOUND("tenant-defaults-not-found", HttpStatus.NOT_FOUND, "Tenant defaults not found",
            "The tenant has never had defaults set (its users inherit the system's), or the live read model keeps no"
            + " tenants."),
    UNKNOWN_PROJECTION("unknown-projection", HttpStatus.NOT_FOUND, "Unknown projection",
            "No projection of that name is declared."),
    UNKNOWN_PROJECTION_VERSION("unknown-projection-version", HttpStatus.NOT_FOUND, "Unknown projection version",
            "The projection has no build of that version."),
    UNKNOWN_PROJECTION_GENERATION("unknown-projection-generation", HttpStatus.NOT_FOUND,
            "Unknown projection generation",
            "The projection's version exists, but not the asked generation of it; detail lists those that do."),
    UNKNOWN_REBUILD("unknown-rebuild", HttpStatus.NOT_FOUND, "Unknown rebuild",
            "No rebuild job has that id."),
    UNKNOWN_PROCESSING_GROUP("unknown-processing-group", HttpStatus.NOT_FOUND, "Unknown processing group",
            "No projection build has that processing group."),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
            "The path does not serve that method (or the method is unknown); Allow lists those it serves."),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
            "The Accept header allows none of the media types the answer comes in; detail names them."),
    PREFERENCES_EXIST("preferences-exist", HttpStatus.CONFLICT, "Preferences already exist",
            "A create for a user whose preferences exist (and are not deleted)."),
    WRITE_CONFLICT("write-conflict", HttpStatus.CONFLICT, "Concurrent write conflict",
            "Concurrent writes to the same user kept colliding; nothing was changed, retry after Retry-After."),
    REBUILD_RUNNING("rebuild-running", HttpStatus.CONFLICT, "A rebuild is running",
            "A rebuild of that projection is already running; jobId names it."),
    REBUILD_NOT_RUNNING("rebuild-not-running", HttpStatus.CONFLICT, "The rebuild is not running",
            "The rebuild job has already ended, so it cannot be cancelled."),
    NO_LIVE_VERSION("no-live-version", HttpStatus.CONFLICT, "Nothing to rebuild",
            "The projection has no live version declared in the running code."),
    BUILD_NOT_CAUGHT_UP("build-not-caught-up", HttpStatus.CONFLICT, "Build not caught up",
            "No build of the asked version has caught up with the events, so it cannot be activated yet."),
    ENFORCED_WITHOUT_DEFAULT("enforced-without-default", HttpStatus.CONFLICT, "Enforced field without a default",
            "A tenant would enforce a field it has no default for once the patch applied; detail names the fields."),
    EVENTS_NOT_YET_ENCRYPTED("events-not-yet-encrypted", HttpStatus.CONFLICT, "Events not yet encrypted",
            "The user's events are still stored in clear (written before encryption): the copy job encrypt-events"
            + " must run before they can be erased; nothing was erased."),
    CURSOR_EXPIRED("cursor-expired", HttpStatus.GONE, "Cursor expired",
            "The change feed no longer keeps the changes after that cursor (older than its retention); oldest names"
            + " the oldest cursor it still has, restartAfter the cursor to resume from it."),
    ERASED("erased", HttpStatus.GONE, "Erased",
            "The user's personal data was erased: nothing about them is kept (created again, they start empty)."),
    VERSION_MISMATCH("version-mismatch", HttpStatus.PRECONDITION_FAILED, "Version mismatch",
            "If-Match does not match the preferences' current version (a weak tag never matches)."),
    EXPECTATION_FAILED("expectation-failed", HttpStatus.EXPECTATION_FAILED, "Expectation failed",
            "The Expect header asks for something other than 100-continue."),
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
            "The body is longer than the server accepts; detail says the limit."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "The body's Content-Type is missing or not one the path accepts; detail names those it accepts."),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
            "The Idempotency-Key was already used with another request body."),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "The server failed; nothing was changed and the failure is logged."),
    DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
            "The database cannot be reached; nothing was changed, retry after Retry-After."),
    NOT_CAUGHT_UP("not-caught-up", HttpStatus.SERVICE_UNAVAILABLE, "Read model not caught up",
            "The read model did not reach minVersion within the consistency timeout; retry after Retry-After."),
    READ_MODEL_UNAVAILABLE("read-model-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Read model unavailable",
            "This process cannot read the live version of the read model (a rolling deploy is not done); retry after"
            + " Retry-After.");

    /** What every type's URI starts with; {@link #uri()} is the only place that writes it. */
    private static final String PREFIX = "urn:prefs:problem:";

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String meaning;

    ProblemType(String slug, HttpStatus status, String title, String meaning) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.meaning = meaning;
    }

    public String slug() {
        return slug;
    }

    public URI uri() {
        return URI.create(PREFIX + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** One sentence saying when a client gets this type. */
    public String meaning() {
        return meaning;
    }

    /** A problem of this type, its status and title, with {@code detail} (which must not echo secrets). */
    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri());
        problem.setTitle(title);
        return problem;
    }

    /**
     * The type for an error known only by its status (Spring MVC's own exceptions, the servlet container's errors):
     * a 4xx with no type of its own is a request the server could not read, a 5xx a failure of the server. Callers
     * answer with the type's status, so that a type and its status never disagree.
     */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> PATH_NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 417 -> EXPECTATION_FAILED;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }
}
