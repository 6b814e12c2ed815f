package dev.prefs.command.defaults;

import dev.prefs.command.preferences.CommandAnswer;
import dev.prefs.command.preferences.CommandProblems;
import dev.prefs.command.preferences.ExpectedVersion;
import dev.prefs.command.preferences.PreferencesCommandController;
import dev.prefs.command.preferences.PreferencesCommandDispatcher;
import dev.prefs.events.TenantId;
import dev.prefs.platform.openapi.HeaderRefs;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The command half of the layers of defaults: a merge patch of one tenant's defaults
 * ({@code /api/tenants/{tenantId}/defaults}, its admin or an admin) and of the system defaults
 * ({@code /admin/defaults}, admins). Reads, history and previews are the query side's. The security filter already
 * keeps everyone else out; the aggregates decide again from the caller, so a command is never trusted on the path
 * alone.
 */
@RestController
@Tag(name = "Defaults")
class DefaultsCommandController {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final DefaultsBodyReader bodies;
    private final PreferencesCommandDispatcher dispatcher;

    DefaultsCommandController(DefaultsBodyReader bodies, PreferencesCommandDispatcher dispatcher) {
        this.bodies = bodies;
        this.dispatcher = dispatcher;
    }

    @PatchMapping("/api/tenants/{tenantId}/defaults")
    @Operation(operationId = "changeTenantDefaults", summary = "Change a tenant's defaults (JSON Merge Patch)",
            description = "The first patch creates the tenant's defaults. A field left out stays, a field set to "
                          + "null has no tenant default any more (the tenant's users inherit the system's). enforced "
                          + "starts or stops enforcing fields over the users' own values; every enforced field "
                          + "needs a default. A patch that changes nothing appends no event and answers the "
                          + "unchanged version (0 while the tenant has never had defaults).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The fields to change",
            content = {@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = DefaultsPatch.Tenant.class),
                                examples = @ExampleObject(value = "{\"theme\": \"light\", \"enforced\": "
                                                                  + "{\"theme\": true}}")),
                       @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = DefaultsPatch.Tenant.class),
                                examples = @ExampleObject(value = "{\"language\": null}"))})
    @ApiResponse(responseCode = "200", description = "Changed, or already as asked", headers = {
            @Header(name = "ETag", ref = HeaderRefs.ETAG),
            @Header(name = "Idempotent-Replayed", ref = HeaderRefs.IDEMPOTENT_REPLAYED)})
    @CommandProblems
    @Problem(status = 409, when = "A field would be enforced without a tenant default (enforced-without-default)")
    @Problem(status = 412, when = "If-Match is not the tenant's current version (or the tenant has no defaults yet)")
    @Problem(status = 413)
    @Problem(status = 415, when = "A body that is neither application/merge-patch+json nor application/json")
    ResponseEntity<TenantDefaultsVersion> changeTenant(
            @PathVariable String tenantId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = PreferencesCommandController.IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException, HttpMediaTypeNotSupportedException {
        TenantId.require(tenantId);
        PreferencesCommandController.requireValidKey(key);
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(ifMatch);
        DefaultsBody body = bodies.readTenant(request);
        ChangeTenantDefaultsCommand command = new ChangeTenantDefaultsCommand(tenantId, body.values(),
                body.enforced(), expected, Caller.of(caller));
        CommandAnswer answer = dispatcher.dispatch(command, caller.getSubject(), key, body.canonical());
        return respond(answer).body(new TenantDefaultsVersion(tenantId, answer.version()));
    }

    @PatchMapping("/admin/defaults")
    @Operation(operationId = "changeSystemDefaults", summary = "Change the system defaults (JSON Merge Patch)",
            description = "Until the first change the system defaults are the built-in values: dark, en, email and "
                          + "push on, sms off. A field left out stays, a field set to null returns to its built-in "
                          + "value. A patch that changes nothing appends no event and answers the unchanged version.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The fields to change",
            content = {@Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = DefaultsPatch.System.class),
                                examples = @ExampleObject(value = "{\"notifications\": {\"sms\": true}}")),
                       @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = DefaultsPatch.System.class),
                                examples = @ExampleObject(value = "{\"theme\": \"system\"}"))})
    @ApiResponse(responseCode = "200", description = "Changed, or already as asked", headers = {
            @Header(name = "ETag", ref = HeaderRefs.ETAG),
            @Header(name = "Idempotent-Replayed", ref = HeaderRefs.IDEMPOTENT_REPLAYED)})
    @CommandProblems
    @Problem(status = 412, when = "If-Match is not the system layer's current version (or it was never changed)")
    @Problem(status = 413)
    @Problem(status = 415, when = "A body that is neither application/merge-patch+json nor application/json")
    ResponseEntity<SystemDefaultsVersion> changeSystem(
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = PreferencesCommandController.IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException, HttpMediaTypeNotSupportedException {
        PreferencesCommandController.requireValidKey(key);
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(ifMatch);
        DefaultsBody body = bodies.readSystem(request);
        ChangeSystemDefaultsCommand command = new ChangeSystemDefaultsCommand(body.values(), expected,
                Caller.of(caller));
        CommandAnswer answer = dispatcher.dispatch(command, caller.getSubject(), key, body.canonical());
        return respond(answer).body(new SystemDefaultsVersion(answer.version()));
    }

    /** As for a user's write: the ETag is the version, the type is set rather than negotiated (the change is made). */
    private static ResponseEntity.BodyBuilder respond(CommandAnswer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.replayed()) {
            response.header(PreferencesCommandController.IDEMPOTENT_REPLAYED, "true");
        }
        return response.eTag("\"" + answer.version() + "\"").contentType(MediaType.APPLICATION_JSON);
    }
}
