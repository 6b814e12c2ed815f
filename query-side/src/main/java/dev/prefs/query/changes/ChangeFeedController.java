package dev.prefs.query.changes;

import dev.prefs.events.InvalidValueException;
import dev.prefs.events.TenantId;
import dev.prefs.events.UserId;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.Caller;
import dev.prefs.query.personaldata.ErasedUsers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change feed: {@code GET /api/changes} and {@code GET /api/users/{userId}/preferences/changes}, as
 * Server-Sent Events when the request accepts {@code text/event-stream}, else as JSON pages. A cursor is checked
 * before a stream starts, so a bad or aged-out one is answered with a problem, not a stream.
 */
@RestController
@Tag(name = "Change feed")
class ChangeFeedController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final ChangeFeedReader reader;
    private final ChangeStreams streams;
    private final ErasedUsers erasedUsers;

    ChangeFeedController(ChangeFeedReader reader, ChangeStreams streams, ErasedUsers erasedUsers) {
        this.reader = reader;
        this.streams = streams;
        this.erasedUsers = erasedUsers;
    }

    @GetMapping("/api/changes")
    @Operation(operationId = "getChanges", summary = "Follow every change of effective preferences (admins, scope"
            + " preferences:changes, or a tenant admin with tenantId of their tenant)",
            description = "With Accept: text/event-stream, Server-Sent Events (id: cursor, event: change, data: the"
                    + " item; a comment at least every 15 s); otherwise a JSON page, oldest first.")
    @ApiResponse(responseCode = "200", description = "A page of changes, or the stream of them", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = FeedPage.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))})
    @Problem(status = 400, when = "A cursor (after, Last-Event-ID) this feed did not hand out, a limit outside 1..1000,"
            + " an invalid tenantId")
    @Problem(status = 410, when = "The feed no longer keeps the changes after that cursor (cursor-expired)")
    ResponseEntity<FeedPage> changes(
            @AuthenticationPrincipal Jwt token,
            @Parameter(description = "Resume after this cursor; without one, from the oldest change kept")
            @RequestParam(required = false) String after,
            @Parameter(description = "Page size (JSON), 1 to 1000; default 100")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "Only the changes of this tenant's users")
            @RequestParam(required = false) String tenantId,
            @Parameter(description = "SSE resume: the last id received; wins over after")
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestHeader(name = "Accept", required = false) String accept,
            HttpServletRequest request, HttpServletResponse response) throws HttpMediaTypeNotAcceptableException {
        Caller caller = Caller.of(token);
        if (tenantId != null) {
            TenantId.require(tenantId);
        }
        if (!caller.followsChanges() && !(tenantId != null && tenantId.equals(caller.adminOfTenant()))) {
            throw forbidden(caller.tenantAdmin()
                    ? "A tenant admin follows the changes of their own tenant only: add tenantId=" + caller.adminOfTenant()
                    : "Following the change feed needs an admin or the scope preferences:changes");
        }
        FeedFilter filter = tenantId == null ? FeedFilter.ALL : FeedFilter.tenant(tenantId);
        return answer(filter, after, limit, lastEventId, accept, request, response);
    }

    @GetMapping("/api/users/{userId}/preferences/changes")
    @Operation(operationId = "getUserChanges", summary = "Follow the changes of one user's effective preferences"
            + " (the user, an admin, scope preferences:changes, or the admin of the user's tenant)",
            description = "As GET /api/changes, for one user.")
    @ApiResponse(responseCode = "200", description = "A page of the user's changes, or the stream of them",
            content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = FeedPage.class)),
                    @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))})
    @Problem(status = 400, when = "An invalid user id, a cursor this feed did not hand out, a limit outside 1..1000")
    @Problem(status = 410, when = "The feed no longer keeps the changes after that cursor (cursor-expired); the user"
            + " was erased (erased)")
    ResponseEntity<FeedPage> userChanges(
            @AuthenticationPrincipal Jwt token, @PathVariable String userId,
            @Parameter(description = "Resume after this cursor; without one, from the oldest change kept")
            @RequestParam(required = false) String after,
            @Parameter(description = "Page size (JSON), 1 to 1000; default 100")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "SSE resume: the last id received; wins over after")
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestHeader(name = "Accept", required = false) String accept,
            HttpServletRequest request, HttpServletResponse response) throws HttpMediaTypeNotAcceptableException {
        UserId.require(userId);
        Caller caller = Caller.of(token);
        if (!caller.followsChanges() && !caller.subject().equals(userId)
            && !(caller.tenantAdmin() && reader.tenantOf(userId).filter(caller.adminOfTenant()::equals).isPresent())) {
            throw forbidden("Only the user, an admin, a follower of the change feed or the admin of the user's tenant"
                            + " may follow the user's changes");
        }
        erasedUsers.requireNotErased(userId);
        return answer(FeedFilter.user(userId), after, limit, lastEventId, accept, request, response);
    }

    private ResponseEntity<FeedPage> answer(FeedFilter filter, String after, Integer limit, String lastEventId,
                                            String accept, HttpServletRequest request,
                                            HttpServletResponse response) throws HttpMediaTypeNotAcceptableException {
        String field = lastEventId != null ? "Last-Event-ID" : "after";
        String cursor = lastEventId != null ? lastEventId : after;
        Long position = cursor == null ? null : FeedCursor.position(cursor, field);
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        boolean stream = wantsStream(accept);
        List<StoredItem> first = reader.after(filter, position, stream ? 1 : limit == null ? DEFAULT_LIMIT : limit,
                field);
        if (stream) {
            long from = position != null ? position : reader.state().purgedThrough();
            streams.open(request, response, filter, from);
            return null;
        }
        String next = !first.isEmpty() ? FeedCursor.of(first.get(first.size() - 1).position())
                : FeedCursor.of(position != null ? position : reader.state().purgedThrough());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new FeedPage(first.stream().map(FeedItem::of).toList(), next));
    }

    /** SSE when the client asks for it by name; JSON when it accepts JSON; otherwise 406. */
    private static boolean wantsStream(String accept) throws HttpMediaTypeNotAcceptableException {
        List<MediaType> types;
        try {
            types = accept == null || accept.isBlank() ? List.of(MediaType.ALL) : MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON,
                    MediaType.TEXT_EVENT_STREAM));
        }
        boolean json = false;
        for (MediaType type : types) {
            if (type.getQualityValue() <= 0) {
                continue;
            }
            if (type.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM)) {
                return true;
            }
            json |= type.includes(MediaType.APPLICATION_JSON);
        }
        if (!json) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON,
                    MediaType.TEXT_EVENT_STREAM));
        }
        return false;
    }

    private static ErrorResponseException forbidden(String detail) {
        return new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN.problem(detail), null);
    }
}
