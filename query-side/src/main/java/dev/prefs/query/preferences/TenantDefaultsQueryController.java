package dev.prefs.query.preferences;

import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.Resolution;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantId;
import dev.prefs.platform.openapi.HeaderRefs;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.Caller;
import dev.prefs.query.CallerAccess;
import dev.prefs.query.layers.LayerRow;
import dev.prefs.query.layers.Layers;
import dev.prefs.query.projection.Build;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads of the defaults layers, from the live userpreferences build (which keeps them beside the users it resolves),
 * and previews of a change to them. The security filter lets any authenticated caller reach a tenant's GET; who may
 * read it (an admin, the tenant's admin, a token whose tenant claim is the tenant, or a user whose preferences belong
 * to it) is decided here, since the last needs the read model.
 */
@RestController
@Tag(name = "Defaults")
class TenantDefaultsQueryController {

    private final UserPreferencesQueries queries;
    private final DefaultsPatchReader reader = new DefaultsPatchReader();

    TenantDefaultsQueryController(UserPreferencesQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/tenants/{tenantId}/defaults")
    @Operation(operationId = "getTenantDefaults", summary = "Read a tenant's defaults",
            description = "The fields the tenant sets, those it enforces, what its users inherit (resolved against "
                          + "the system layer) and how many users it has. Readable by admins, the tenant's admin, a "
                          + "token whose tenant claim is the tenant, and the tenant's users.")
    @ApiResponse(responseCode = "200", description = "The tenant's defaults",
            headers = @Header(name = "ETag", ref = HeaderRefs.ETAG))
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match holds the current ETag",
            headers = @Header(name = "ETag", ref = HeaderRefs.ETAG), content = @Content)
    @Problem(status = 400, when = "Invalid tenant id or If-None-Match")
    @Problem(status = 404, when = "The tenant's defaults were never set")
    ResponseEntity<TenantDefaultsResponse> tenant(@PathVariable String tenantId,
                                                  @RequestHeader(name = "If-None-Match", required = false)
                                                  String ifNoneMatch) {
        TenantId.require(tenantId);
        QueryParameters.requireEntityTags(ifNoneMatch);
        requireMayRead(CallerAccess.caller(), tenantId);
        Build<?> live = queries.live();
        UserPreferencesReadModel model = UserPreferencesReadModel.of(live);
        Layers layers = model.layers(live).orElse(new Layers(null, Map.of()));
        LayerRow layer = layers.tenant(tenantId);
        if (layer == null) {
            throw new ErrorResponseException(ProblemType.TENANT_DEFAULTS_NOT_FOUND.status(),
                    ProblemType.TENANT_DEFAULTS_NOT_FOUND.problem("Tenant " + tenantId + " has no defaults"), null);
        }
        PreferenceValues effective = Resolution.effective(layers.systemValues(), layer.defaults(), layer.enforced(),
                PreferenceValues.NONE);
        List<String> enforced = enforced(layer);
        return ResponseEntity.ok().eTag("\"" + layer.version() + "\"").body(TenantDefaultsResponse.tenant(tenantId,
                layer.defaults(), enforced, effective, model.users(live, tenantId), layer.version()));
    }

    @GetMapping("/admin/tenants")
    @Operation(operationId = "listTenants", summary = "List the tenants with their defaults and users (admins only)",
            description = "The tenants whose defaults were ever set, by tenant id, one page at a time: pass a page's "
                          + "next as after for the following one. Each with the fields it sets, those it enforces "
                          + "and how many existing users it has. Empty while the live userpreferences version keeps "
                          + "no layers (1 or 2, after a rollback).")
    @ApiResponse(responseCode = "200", description = "One page")
    @Problem(status = 400, when = "Invalid limit or after")
    TenantsPage tenants(@Parameter(description = "Page size", schema = @Schema(type = "integer", format = "int32",
                                minimum = "1", maximum = "500", defaultValue = "50"))
                        @RequestParam(required = false) String limit,
                        @Parameter(description = "The next of the previous page: start after this tenant id",
                                schema = @Schema(type = "string", minLength = 1, maxLength = 128,
                                        pattern = "^[A-Za-z0-9._:@-]{1,128}$"))
                        @RequestParam(required = false) String after) {
        int size = QueryParameters.limit(limit);
        String from = QueryParameters.after(after);
        Build<?> live = queries.live();
        // One more than asked tells whether there is a next page without a second query.
        List<UserPreferencesReadModel.TenantUsers> rows = UserPreferencesReadModel.of(live).tenants(live, from,
                size + 1);
        List<TenantsPage.TenantSummary> items = rows.stream().limit(size).map(row -> new TenantsPage.TenantSummary(
                row.layer().tenantId(), TenantDefaultsResponse.values(row.layer().defaults(), false),
                enforced(row.layer()), row.users(), row.layer().version(), row.layer().updatedAt().toString()))
                .toList();
        return new TenantsPage(items, rows.size() > size ? items.get(size - 1).tenantId() : null);
    }

    private static List<String> enforced(LayerRow layer) {
        return Arrays.stream(PreferenceField.values()).filter(layer.enforced()::contains)
                .map(PreferenceField::wire).toList();
    }

    @GetMapping("/admin/defaults")
    @Operation(operationId = "getSystemDefaults", summary = "Read the system defaults (admins only)",
            description = "Every field's system value (the built-in ones, version 0, until an admin changes them) "
                          + "and how many users exist.")
    @ApiResponse(responseCode = "200", description = "The system defaults",
            headers = @Header(name = "ETag", ref = HeaderRefs.ETAG))
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match holds the current ETag",
            headers = @Header(name = "ETag", ref = HeaderRefs.ETAG), content = @Content)
    @Problem(status = 400, when = "Invalid If-None-Match")
    ResponseEntity<TenantDefaultsResponse> system(@RequestHeader(name = "If-None-Match", required = false)
                                                  String ifNoneMatch) {
        QueryParameters.requireEntityTags(ifNoneMatch);
        Build<?> live = queries.live();
        UserPreferencesReadModel model = UserPreferencesReadModel.of(live);
        Layers layers = model.layers(live).orElse(new Layers(null, Map.of()));
        return ResponseEntity.ok().eTag("\"" + layers.systemVersion() + "\"").body(TenantDefaultsResponse.system(
                layers.systemValues(), model.users(live, null), layers.systemVersion()));
    }

    @PostMapping(path = "/api/tenants/{tenantId}/defaults/preview",
            consumes = {"application/merge-patch+json", "application/json"})
    @Operation(operationId = "previewTenantDefaults", summary = "Preview a change of a tenant's defaults",
            description = "Whose effective values the merge patch (as for PATCH) would move, counted from the read "
                          + "model; appends nothing.", requestBody = @RequestBody(required = true, content = {
                    @Content(mediaType = "application/merge-patch+json",
                            schema = @Schema(implementation = DefaultsPatchSchema.Tenant.class)),
                    @Content(mediaType = "application/json",
                            schema = @Schema(implementation = DefaultsPatchSchema.Tenant.class))}))
    @ApiResponse(responseCode = "200", description = "The users the change would move")
    @Problem(status = 400, when = "Invalid tenant id, or a body that is not a valid merge patch of the defaults")
    @Problem(status = 413, when = "The body is over 16 KiB")
    @Problem(status = 415, when = "The body is not application/merge-patch+json or application/json")
    DefaultsPreview previewTenant(@PathVariable String tenantId,
                                  @RequestHeader(name = "Content-Type", required = false) String contentType,
                                  @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body)
            throws HttpMediaTypeNotSupportedException {
        TenantId.require(tenantId);
        Caller caller = CallerAccess.caller();
        CallerAccess.require(caller.administers(tenantId), "Only an admin or the tenant's admin may preview");
        Build<?> live = queries.live();
        UserPreferencesReadModel model = UserPreferencesReadModel.of(live);
        LayerRow before = model.layers(live).map(layers -> layers.tenant(tenantId)).orElse(null);
        DefaultsPatchReader.Layer after = reader.tenant(before == null ? PreferenceValues.NONE : before.defaults(),
                before == null ? Set.of() : before.enforced(), contentType, body);
        return model.preview(live, new LayerRow(TenantId.stream(tenantId), tenantId, after.defaults(),
                after.enforced(), before == null ? 1 : before.version() + 1, Instant.EPOCH));
    }

    @PostMapping(path = "/admin/defaults/preview", consumes = {"application/merge-patch+json", "application/json"})
    @Operation(operationId = "previewSystemDefaults", summary = "Preview a change of the system defaults (admins "
                                                                + "only)",
            description = "Whose effective values the merge patch (as for PATCH) would move, counted from the read "
                          + "model; appends nothing.", requestBody = @RequestBody(required = true, content = {
                    @Content(mediaType = "application/merge-patch+json",
                            schema = @Schema(implementation = DefaultsPatchSchema.System.class)),
                    @Content(mediaType = "application/json",
                            schema = @Schema(implementation = DefaultsPatchSchema.System.class))}))
    @ApiResponse(responseCode = "200", description = "The users the change would move")
    @Problem(status = 400, when = "A body that is not a valid merge patch of the system defaults")
    @Problem(status = 413, when = "The body is over 16 KiB")
    @Problem(status = 415, when = "The body is not application/merge-patch+json or application/json")
    DefaultsPreview previewSystem(@RequestHeader(name = "Content-Type", required = false) String contentType,
                                  @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body)
            throws HttpMediaTypeNotSupportedException {
        Build<?> live = queries.live();
        UserPreferencesReadModel model = UserPreferencesReadModel.of(live);
        Layers layers = model.layers(live).orElse(new Layers(null, Map.of()));
        PreferenceValues after = reader.system(layers.systemValues(), contentType, body);
        return model.preview(live, new LayerRow(SystemDefaultsChangedEvent.STREAM, null, after, Set.of(),
                layers.systemVersion() + 1, Instant.EPOCH));
    }

    /** Admins, the tenant's admin, a token whose tenant claim is the tenant, or a user whose preferences are in it. */
    private void requireMayRead(Caller caller, String tenantId) {
        if (caller.admin() || tenantId.equals(caller.tenant())) {
            return;
        }
        CallerAccess.require(tenantId.equals(queries.tenantOf(caller.subject())),
                "Only the tenant's admins and users may read its defaults");
    }
}
