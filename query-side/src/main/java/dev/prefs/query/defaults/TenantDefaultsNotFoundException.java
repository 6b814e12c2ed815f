package dev.prefs.query.defaults;

import dev.prefs.platform.problem.ProblemType;
import org.springframework.web.ErrorResponseException;

/** The tenant has never had defaults set: 404. */
final class TenantDefaultsNotFoundException extends ErrorResponseException {

    TenantDefaultsNotFoundException(String tenantId) {
        super(ProblemType.TENANT_DEFAULTS_NOT_FOUND.status(),
                ProblemType.TENANT_DEFAULTS_NOT_FOUND.problem("Tenant " + tenantId + " has never set defaults"), null);
    }
}
