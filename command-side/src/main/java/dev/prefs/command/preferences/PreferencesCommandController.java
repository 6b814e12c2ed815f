package dev.prefs.command.preferences;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import dev.prefs.events.UserId;
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
class PreferencesCommandController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** Printable ASCII without spaces, so a key survives proxies and logs unchanged. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final PreferencesBodyReader bodies;
    private final PreferencesCommandDispatcher dispatcher;

    PreferencesCommandController(PreferencesBodyReader bodies, PreferencesCommandDispatcher dispatcher) {
        this.bodies = bodies;
        this.dispatcher = dispatcher;
    }

    @PostMapping
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "Initial values; defaults "
            + "for any left out", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PreferencesRequest.class)))
    ResponseEntity<PreferencesVersion> create(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException, HttpMediaTypeNotSupportedException {
        requireValid(userId, key);
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(ifMatch);
        PreferencesBody body = bodies.readCreate(request);
        CreatePreferencesCommand command = new CreatePreferencesCommand(userId, body.theme(), body.language(),
                body.notifications(), expected);
        return respond(userId, dispatcher.dispatch(command, caller.getSubject(), key, body.canonical()));
    }

    @PatchMapping
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The fields to change",
            content = {@Content(mediaType = "application/merge-patch+json",
                                schema = @Schema(implementation = PreferencesRequest.class)),
                       @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = PreferencesRequest.class))})
    ResponseEntity<PreferencesVersion> change(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller, HttpServletRequest request)
            throws IOException, HttpMediaTypeNotSupportedException {
        requireValid(userId, key);
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(ifMatch);
        PreferencesBody body = bodies.readPatch(request);
        ChangePreferencesCommand command = new ChangePreferencesCommand(userId, body.theme(), body.language(),
                body.notifications(), expected);
        return respond(userId, dispatcher.dispatch(command, caller.getSubject(), key, body.canonical()));
    }

    @PostMapping("/reset")
    ResponseEntity<PreferencesVersion> reset(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller) {
        requireValid(userId, key);
        ResetPreferencesCommand command = new ResetPreferencesCommand(userId, ExpectedVersion.fromIfMatch(ifMatch));
        return respond(userId, dispatcher.dispatch(command, caller.getSubject(), key, ""));
    }

    @DeleteMapping
    ResponseEntity<PreferencesVersion> delete(
            @PathVariable String userId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @AuthenticationPrincipal Jwt caller) {
        requireValid(userId, key);
        DeletePreferencesCommand command = new DeletePreferencesCommand(userId, ExpectedVersion.fromIfMatch(ifMatch));
        return respond(userId, dispatcher.dispatch(command, caller.getSubject(), key, ""));
    }

    /**
     * The path names the aggregate, so it is checked before Axon loads anything: an invalid id is a 400, not a 404.
     * The aggregate checks it again on create.
     */
    private static void requireValid(String userId, String key) {
        UserId.require(userId);
        if (key != null && !KEY.matcher(key).matches()) {
            throw new InvalidPreferencesException(new InvalidField(IDEMPOTENCY_KEY,
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
