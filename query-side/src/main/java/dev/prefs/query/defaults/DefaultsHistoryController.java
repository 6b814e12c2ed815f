package dev.prefs.query.defaults;

import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantId;
import dev.prefs.platform.openapi.Problem;
import dev.prefs.platform.security.Caller;
import dev.prefs.query.CallerAccess;
import dev.prefs.query.timeline.DefaultsLayer;
import dev.prefs.query.timeline.Histories;
import dev.prefs.query.timeline.LayerTimeline;
import dev.prefs.query.timeline.RecordedEvent;
import dev.prefs.query.timeline.UserLayer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The histories of the defaults layers, from the event store. A tenant's may be read by an admin, the tenant's admin,
 * a token whose {@code tenant} claim is that tenant, or a user whose own preferences belong to it; the system's by
 * admins (the security filter guards {@code /admin/**}).
 */
@RestController
@Tag(name = "Defaults", description = "Tenant and system defaults: the layers users inherit from")
class DefaultsHistoryController {

    private final LayerTimeline timeline;

    DefaultsHistoryController(LayerTimeline timeline) {
        this.timeline = timeline;
    }

    @GetMapping("/api/tenants/{tenantId}/defaults/history")
    @Operation(operationId = "getTenantDefaultsHistory", summary = "Read every change of a tenant's defaults and "
                                                                   + "enforced fields, oldest first")
    @ApiResponse(responseCode = "200", description = "The history")
    @Problem(status = 400, when = "Invalid tenant id")
    @Problem(status = 403, when = "The caller is neither an admin, the tenant's admin, of the tenant (token claim) "
                                  + "nor a user whose preferences belong to it")
    @Problem(status = 404, when = "The tenant has never set defaults")
    DefaultsHistory tenantHistory(@PathVariable String tenantId) {
        TenantId.require(tenantId);
        requireMayReadDefaults(tenantId);
        List<RecordedEvent> events = timeline.events(TenantId.stream(tenantId));
        if (events.isEmpty()) {
            throw new TenantDefaultsNotFoundException(tenantId);
        }
        return new DefaultsHistory(tenantId, Histories.defaults(DefaultsLayer.tenant(tenantId), events));
    }

    @GetMapping("/admin/defaults/history")
    @Operation(operationId = "getSystemDefaultsHistory", summary = "Read every change of the system defaults, "
                                                                   + "oldest first (admins only)",
            description = "Empty until an admin first changes them; the first change is from the built-in "
                          + "defaults.")
    @ApiResponse(responseCode = "200", description = "The history")
    DefaultsHistory systemHistory() {
        return new DefaultsHistory(null,
                Histories.defaults(DefaultsLayer.system(), timeline.events(SystemDefaultsChangedEvent.STREAM)));
    }

    private void requireMayReadDefaults(String tenantId) {
        Caller caller = CallerAccess.caller();
        // Only the last case needs data: whether the caller's own preferences belong to the tenant.
        CallerAccess.require(caller.administers(tenantId) || tenantId.equals(caller.tenant())
                             || tenantId.equals(ownTenant(caller)),
                "This token may not read the defaults of tenant " + tenantId
                + ": only admins, the tenant's admin and the tenant's users may");
    }

    private String ownTenant(Caller caller) {
        UserLayer own = timeline.user(caller.subject());
        return own.exists() ? own.tenantId() : null;
    }
}
