package dev.prefs.command.preferences;

import dev.prefs.platform.problem.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.prefs.events.UserId;
import dev.prefs.platform.openapi.HeaderRefs;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.AggregateNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The command half of {@code /api/users/{userId}/preferences}: create, merge-patch, reset and delete. Reads are the
 * query side's. The caller is the {@code sub} of the bearer JWT every {@code /api/**} request must carry; the commands'
 * metadata records it.
 */
@RestController
@RequestMapping("/api/users/{userId}/preferences")
@Tag(name = "Preferences", description = "A user's preferences: create, change, reset, delete and read them")
public class PreferencesCommandController {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** Printable ASCII without spaces, so a key survives proxies and logs unchanged. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final PreferencesBodyReader bodies;
    private final PreferencesCommandDispatcher dispatcher;

    PreferencesCommandController(PreferencesBodyReader bodies, PreferencesCommandDispatcher dispatcher) {
        this.bodies = bodies;
        this.dispatcher = dispatcher;
    }

    @PostMapping
    @Operation(operationId = "createPreferences", summary = "Create a user's preferences",
            description = "The values the body gives become the user's explicit values; every other field inherits "
                          + "from the user's tenant and the system defaults. tenantId (or else the token's tenant "
                          + "claim) is the user's tenant; only an admin may name another tenant than the claim, and "
                          + "a tenant admin creates users only in their own tenant. After a DELETE this creates "
                          + "them again, and version goes on counting.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "Explicit values "
            + "and the tenant; any left out inherit", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PreferencesRequest.class),
            examples = @ExampleObject(value = "{\"theme\": \"light\", \"language\": \"pt-BR\"}")))
    @ApiResponse(responseCode = "201", description = "Created", headers = {
            @Header(name = "Location", ref = HeaderRefs.LOCATION), @Header(name = "ETag", ref = HeaderRefs.ETAG),
            @Header(name = "Idempotent-Replayed", ref = HeaderRefs.IDEMPOTENT_REPLAYED)})
    @CommandProblems
    @Problem(status = 403, when = "A tenantId other than the token's tenant claim (not an admin), or a tenant "
                                  + "admin creating a user outside their tenant")
    @Problem(status = 409, when = "The preferences exist already (and are not deleted)")
    @Problem(status = 412, when = "Any If-Match: there is no current version for it to match")
    @Problem(status = 413)
    @Problem(status = 415, when = "A body that is not application/json")
    ResponseEntity<PreferencesVersion> create(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException, HttpMediaTypeNotSupportedException {
        requireValid(userId, key);
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(ifMatch);
        PreferencesBody body = bodies.readCreate(request);
        CreatePreferencesCommand command = new CreatePreferencesCommand(userId, body.tenantId(), body.values(),
                expected, Caller.of(caller));
        return respond(userId, send(command, caller, key, body.canonical()));
    }

    @PatchMapping
    @Operation(operationId = "changePreferences", summary = "Change a user's preferences (JSON Merge Patch)",
            description = "A field left out stays as it is, a field set to null holds no explicit value any more "
                          + "and inherits from the layers. tenantId moves the user (admins only). A patch that "
                          + "changes nothing appends no event and answers the unchanged version. If-Match takes "
                          + "\"N\" or the ETag of the user's GET; either way only the user's own version counts.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The fields to change",
            content = {@Content(mediaType = "application/merge-patch+json",
                                schema = @Schema(implementation = PreferencesRequest.class),
                                examples = @ExampleObject(value = "{\"notifications\": {\"sms\": true}, "
                                                                  + "\"language\": null}")),
                       @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = PreferencesRequest.class),
                                examples = @ExampleObject(value = "{\"theme\": \"system\"}"))})
    @ApiResponse(responseCode = "200", description = "Changed, or already as asked", headers = {
            @Header(name = "ETag", ref = HeaderRefs.ETAG),
            @Header(name = "Idempotent-Replayed", ref = HeaderRefs.IDEMPOTENT_REPLAYED)})
    @CommandProblems
    @Problem(status = 403, when = "tenantId in the patch from a caller who is not an admin, or a tenant admin and a "
                                  + "user of another tenant")
    @Problem(status = 404, when = "No preferences, or they were deleted")
    @Problem(status = 412)
    @Problem(status = 413)
    @Problem(status = 415, when = "A body that is neither application/merge-patch+json nor application/json")
    ResponseEntity<PreferencesVersion> change(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException, HttpMediaTypeNotSupportedException {
        requireValid(userId, key);
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(ifMatch);
        PreferencesBody body = bodies.readPatch(request);
        ChangePreferencesCommand command = new ChangePreferencesCommand(userId, body.values(), body.tenantGiven(),
                body.tenantId(), expected, Caller.of(caller));
        return respond(userId, send(command, caller, key, body.canonical()));
    }

    @PostMapping("/reset")
    @Operation(operationId = "resetPreferences", summary = "Clear every explicit value: everything inherits again",
            description = "Preferences with no explicit value stay as they are: no event, the unchanged version.")
    @ApiResponse(responseCode = "200", description = "Reset", headers = {
            @Header(name = "ETag", ref = HeaderRefs.ETAG),
            @Header(name = "Idempotent-Replayed", ref = HeaderRefs.IDEMPOTENT_REPLAYED)})
    @CommandProblems
    @Problem(status = 403, when = "A tenant admin and a user of another tenant")
    @Problem(status = 404, when = "No preferences, or they were deleted")
    @Problem(status = 412)
    ResponseEntity<PreferencesVersion> reset(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller) {
        requireValid(userId, key);
        ResetPreferencesCommand command = new ResetPreferencesCommand(userId, ExpectedVersion.fromIfMatch(ifMatch),
                Caller.of(caller));
        return respond(userId, send(command, caller, key, ""));
    }

    @DeleteMapping
    @Operation(operationId = "deletePreferences", summary = "Delete a user's preferences",
            description = "Their history stays; a later create starts them again.")
    @ApiResponse(responseCode = "204", description = "Deleted", content = @Content, headers =
            @Header(name = "Idempotent-Replayed", ref = HeaderRefs.IDEMPOTENT_REPLAYED))
    @CommandProblems
    @Problem(status = 403, when = "A tenant admin and a user of another tenant")
    @Problem(status = 404, when = "No preferences, or they were deleted")
    @Problem(status = 412)
    ResponseEntity<PreferencesVersion> delete(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller) {
        requireValid(userId, key);
        DeletePreferencesCommand command = new DeletePreferencesCommand(userId, ExpectedVersion.fromIfMatch(ifMatch),
                Caller.of(caller));
        return respond(userId, send(command, caller, key, ""));
    }

    /**
     * A user that never existed has no tenant, so no tenant admin administers it: such a caller is told 403, as for
     * another tenant's user, rather than learning from a 404 that the id is free.
     */
    private CommandAnswer send(PreferencesCommand command, Jwt token, String key, String canonicalBody) {
        try {
            return dispatcher.dispatch(command, token.getSubject(), key, canonicalBody);
        } catch (AggregateNotFoundException e) {
            if (!command.caller().mayTouchUser(command.userId(), null)) {
                throw CommandRefusedException.forbidden("A tenant admin may touch only the preferences of their own "
                                                        + "tenant's users");
            }
            throw e;
        }
    }

    /**
     * The path names the aggregate, so it is checked before Axon loads anything: an invalid id is a 400, not a 404.
     * The aggregate checks it again on create.
     */
    private static void requireValid(String userId, String key) {
        UserId.require(userId);
        requireValidKey(key);
    }

    /** An {@code Idempotency-Key} (when there is one) that is printable ASCII without spaces, or a 400. */
    public static void requireValidKey(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new InvalidPreferencesException(new FieldError(IDEMPOTENCY_KEY,
                    "must be 1 to 255 printable ASCII characters without spaces"));
        }
    }

    private static ResponseEntity<PreferencesVersion> respond(String userId, CommandAnswer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        if (answer.status() == 204) {
            return response.build();
        }
        if (answer.status() == 201) {
            response.location(URI.create("/api/users/" + userId + "/preferences"));
        }
        // Set, not negotiated: the command has run by now, so an Accept that lists no JSON is disregarded (RFC 9110
        // 12.5.1 allows it) rather than answered 406 after the change was made.
        return response.eTag("\"" + answer.version() + "\"").contentType(MediaType.APPLICATION_JSON)
                .body(new PreferencesVersion(userId, answer.version()));
    }
}
