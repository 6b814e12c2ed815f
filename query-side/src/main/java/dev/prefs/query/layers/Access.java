package dev.prefs.query.layers;

import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;

/**
 * The decisions the security filter leaves to the handlers because they need stored data: whether a user belongs to
 * a tenant admin's tenant, whether a reader of a tenant's defaults belongs to that tenant. A refusal is a 403
 * {@code forbidden} problem, like the filter's own.
 */
public final class Access {

    private Access() {
    }

    /** The caller of the current request, as its bearer token says. */
    public static Caller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt token)) {
            throw forbidden("This request carries no bearer token that may do that");
        }
        return Caller.of(token);
    }

    /** Refuses unless the caller may read {@code userId}, whose tenant is now {@code usersTenant} (null: none). */
    public static void requireMayReadUser(String userId, String usersTenant) {
        if (!caller().mayTouchUser(userId, usersTenant)) {
            throw forbidden("This token may not read the preferences of " + userId
                            + ": users reach only their own, tenant admins those of their tenant's users");
        }
    }

    public static ErrorResponseException forbidden(String detail) {
        return new ErrorResponseException(ProblemType.FORBIDDEN.status(), ProblemType.FORBIDDEN.problem(detail),
                null);
    }
}
