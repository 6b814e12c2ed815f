package dev.prefs.query.preferences;

import dev.prefs.events.InvalidValueException;
import dev.prefs.events.TenantId;
import dev.prefs.events.UserId;
import dev.prefs.platform.security.Caller;
import dev.prefs.query.CallerAccess;
import dev.prefs.platform.openapi.HeaderRefs;
import dev.prefs.platform.openapi.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads of users' preferences. Who may read what is decided before a request gets here, by the security
 * configuration every process shares, except where it needs data: a tenant admin reaches only the users whose
 * tenant (as the live read model says) is theirs, and lists only their own tenant.
 */
@RestController
@Tag(name = "Preferences")
class UserPreferencesQueryController {

    private final UserPreferencesQueries queries;
    private final LayeredPreferences layered;

    UserPreferencesQueryController(UserPreferencesQueries queries, LayeredPreferences layered) {
        this.queries = queries;
        this.layered = layered;
    }

    /** Spring answers 304 itself when {@code If-None-Match} matches the ETag of this GET's 200. */
    @GetMapping("/api/users/{userId}/preferences")
    @Operation(operationId = "getPreferences", summary = "Read a user's preferences",
            description = "Now (minVersion: once the read model holds that version), or as they stood at an "
                          + "instant (asOf, folded from the events). minVersion and asOf exclude each other.")
    @ApiResponse(responseCode = "200", description = "The preferences",
            headers = @Header(name = "ETag", ref = HeaderRefs.ETAG))
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match holds the current ETag",
            headers = @Header(name = "ETag", ref = HeaderRefs.ETAG), content = @Content)
    @Problem(status = 400, when = "Invalid user id, minVersion, asOf or If-None-Match; minVersion beyond the last "
                                  + "version written for the user; minVersion together with asOf")
    @Problem(status = 404, when = "No preferences (never created, or deleted; with asOf: none at that instant)")
    @Problem(status = 410, when = "The user was erased (and not created again)")
    @Problem(status = 503, when = "The read model did not reach minVersion within the consistency timeout "
                                  + "(2 s by default)")
    ResponseEntity<PreferencesResponse> preferences(@PathVariable String userId,
                                                    @Parameter(description = "Wait until the read model holds at "
                                                            + "least this version (0: do not wait)", schema = @Schema(
                                                            type = "integer", format = "int64", minimum = "0"))
                                                    @RequestParam(required = false) String minVersion,
                                                    @Parameter(description = "Read the preferences as they stood "
                                                            + "at this instant", example = "2026-11-30T02:12:26Z",
                                                            schema = @Schema(type = "string", format = "date-time"))
                                                    @RequestParam(required = false) String asOf,
                                                    @RequestHeader(name = "If-None-Match", required = false)
                                                    String ifNoneMatch) {
        UserId.require(userId);
        QueryParameters.requireEntityTags(ifNoneMatch);
        long version = QueryParameters.minVersion(minVersion);
        Optional<Instant> instant = QueryParameters.asOf(asOf);
        if (instant.isPresent() && version > 0) {
            throw new InvalidValueException("asOf", "cannot be combined with minVersion: the past is always known");
        }
        if (instant.isPresent()) {
            // Folded from the events, every layer as it stood then; the fold decides who may read it.
            return layered.asOf(userId, instant.get());
        }
        requireMayRead(userId);
        CurrentPreferences current = queries.current(userId, version);
        return ResponseEntity.ok().eTag(current.eTag()).body(PreferencesResponse.of(current));
    }

    /** The user themselves and admins at once; a tenant admin only for a user of their tenant. */
    private void requireMayRead(String userId) {
        Caller caller = CallerAccess.caller();
        if (caller.mayTouchUser(userId, null)) {
            return;
        }
        CallerAccess.require(caller.mayTouchUser(userId, queries.tenantOf(userId)),
                "A tenant admin may read only the preferences of their own tenant's users");
    }

    @GetMapping("/api/users/{userId}/preferences/history")
    @Operation(operationId = "getPreferencesHistory", summary = "Read every change of a user's preferences, "
                                                                + "oldest first")
    @ApiResponse(responseCode = "200", description = "The history")
    @Problem(status = 400, when = "Invalid user id")
    @Problem(status = 403, when = "A tenant admin asking about a user of another tenant (or of none)")
    @Problem(status = 404, when = "The preferences were never created")
    @Problem(status = 410, when = "The user was erased (and not created again)")
    PreferencesHistory history(@PathVariable String userId) {
        return layered.history(UserId.require(userId));
    }

    @GetMapping("/api/preferences")
    @Operation(operationId = "listPreferences", summary = "List users' preferences, by user id (admins; tenant "
                                                          + "admins their own tenant)",
            description = "One page at a time: pass a page's next as after for the following one. The filters "
                          + "compare effective values.")
    @ApiResponse(responseCode = "200", description = "One page")
    @Problem(status = 400, when = "Invalid filter, tenantId, limit or after")
    PreferencesPage list(@Parameter(description = "Only the users of this tenant (a tenant admin: their own, "
                                                  + "also when left out)", example = "acme",
                                 schema = @Schema(type = "string", minLength = 1, maxLength = 128,
                                         pattern = "^[A-Za-z0-9._:@-]{1,128}$"))
                         @RequestParam(required = false) String tenantId,
                         @Parameter(description = "Only this theme", schema = @Schema(type = "string",
                                 allowableValues = {"dark", "light", "system"}))
                         @RequestParam(required = false) String theme,
                         @Parameter(description = "Only this language (a BCP 47 tag)", example = "en-US")
                         @RequestParam(required = false) String language,
                         @Parameter(description = "Only users with notifications on (true) or off (false)",
                                 schema = @Schema(type = "boolean"))
                         @RequestParam(required = false) String notificationsEnabled,
                         @Parameter(description = "Page size", schema = @Schema(type = "integer", format = "int32",
                                 minimum = "1", maximum = "500", defaultValue = "50"))
                         @RequestParam(required = false) String limit,
                         @Parameter(description = "The next of the previous page: start after this user id",
                                 schema = @Schema(type = "string", minLength = 1, maxLength = 128,
                                         pattern = "^[A-Za-z0-9._:@-]{1,128}$"))
                         @RequestParam(required = false) String after) {
        if (tenantId != null) {
            TenantId.require(tenantId);
        }
        PreferencesFilter filter = QueryParameters.filter(
                CallerAccess.tenantScope(CallerAccess.caller(), tenantId), theme, language, notificationsEnabled);
        int size = QueryParameters.limit(limit);
        // One more than asked tells whether there is a next page without a second query.
        List<CurrentPreferences> rows = queries.page(filter, QueryParameters.after(after), size + 1);
        List<PreferencesResponse> items = rows.stream().limit(size).map(PreferencesResponse::of).toList();
        String next = rows.size() > size ? items.get(size - 1).userId() : null;
        return new PreferencesPage(items, next);
    }
}
