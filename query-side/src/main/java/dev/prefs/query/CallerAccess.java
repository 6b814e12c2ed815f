package dev.prefs.query;

import dev.prefs.platform.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller of the request being answered, for the rules the security filter cannot decide without data (a tenant
 * admin's reach depends on the tenant a user belongs to), and the 403 those rules answer.
 */
public final class CallerAccess {

    private CallerAccess() {
    }

    /** The caller, as its bearer token says; the filter has already refused a request without one. */
    public static Caller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt token) {
            return Caller.of(token);
        }
        throw new Forbidden("The request carries no bearer token");
    }

    /** Refuses unless {@code allowed}. */
    public static void require(boolean allowed, String detail) {
        if (!allowed) {
            throw new Forbidden(detail);
        }
    }

    /**
     * The tenant a caller may list or count: an admin any ({@code asked}, or null for all), a tenant admin only
     * their own (their own when none is asked).
     */
    public static String tenantScope(Caller caller, String asked) {
        if (caller.admin()) {
            return asked;
        }
        String own = caller.adminOfTenant();
        require(own != null && (asked == null || asked.equals(own)),
                "A tenant admin may read only the users of their own tenant");
        return own;
    }

    /** A 403 {@code forbidden} problem. */
    public static final class Forbidden extends RuntimeException {

        Forbidden(String detail) {
            super(detail);
        }
    }
}
