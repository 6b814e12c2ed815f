package dev.prefs.query.preferences;

import dev.prefs.events.InvalidValueException;
import dev.prefs.events.UserId;
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
 * Reads of users' preferences. Who may read what (the caller's own user, or an admin) is decided before a request
 * gets here, by the security configuration every process shares.
 */
@RestController
class UserPreferencesQueryController {

    private final UserPreferencesQueries queries;
    private final UserPreferencesTimeline timeline;

    UserPreferencesQueryController(UserPreferencesQueries queries, UserPreferencesTimeline timeline) {
        this.queries = queries;
        this.timeline = timeline;
    }

    /** Spring answers 304 itself when {@code If-None-Match} matches the ETag of this GET's 200. */
    @GetMapping("/api/users/{userId}/preferences")
    ResponseEntity<PreferencesResponse> preferences(@PathVariable String userId,
                                                    @RequestParam(required = false) String minVersion,
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
        UserPreferencesView view = instant.isPresent()
                ? timeline.asOf(userId, instant.get())
                : queries.current(userId, version);
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(PreferencesResponse.of(view));
    }

    @GetMapping("/api/users/{userId}/preferences/history")
    PreferencesHistory history(@PathVariable String userId) {
        return timeline.history(UserId.require(userId));
    }

    @GetMapping("/api/preferences")
    PreferencesPage list(@RequestParam(required = false) String theme,
                         @RequestParam(required = false) String language,
                         @RequestParam(required = false) String notificationsEnabled,
                         @RequestParam(required = false) String limit,
                         @RequestParam(required = false) String after) {
        PreferencesFilter filter = QueryParameters.filter(theme, language, notificationsEnabled);
        int size = QueryParameters.limit(limit);
        // One more than asked tells whether there is a next page without a second query.
        List<UserPreferencesView> rows = queries.page(filter, QueryParameters.after(after), size + 1);
        List<PreferencesResponse> items = rows.stream().limit(size).map(PreferencesResponse::of).toList();
        String next = rows.size() > size ? items.get(size - 1).userId() : null;
        return new PreferencesPage(items, next);
    }
}
