package dev.prefs.platform.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the bearer token says: its {@code sub}, its scopes and its {@code tenant} claim. Every rule of
 * who may do what is phrased on this one record (the security filter's path rules, and the handlers that must look
 * at data first, such as whether a user belongs to a tenant admin's tenant).
 *
 * @param tenant the token's {@code tenant} claim, or null
 */
public record Caller(String subject, Set<String> scopes, String tenant) {

    /** The claim that names the caller's tenant. */
    public static final String TENANT_CLAIM = "tenant";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public static Caller of(Jwt token) {
        Object scope = token.getClaims().get("scope");
        Set<String> scopes = scope instanceof String s && !s.isBlank()
                ? Arrays.stream(s.trim().split("\\s+")).collect(Collectors.toSet())
                : scope instanceof java.util.Collection<?> list
                        ? list.stream().map(String::valueOf).collect(Collectors.toSet())
                        : Set.of();
        Object tenant = token.getClaims().get(TENANT_CLAIM);
        return new Caller(token.getSubject(), scopes, tenant instanceof String t && !t.isBlank() ? t : null);
    }

    public boolean admin() {
        return scopes.contains(JwtTokens.ADMIN_SCOPE);
    }

    /** The tenant this caller administers (scope {@value JwtTokens#TENANT_ADMIN_SCOPE} and a tenant claim), or null. */
    public String adminOfTenant() {
        return scopes.contains(JwtTokens.TENANT_ADMIN_SCOPE) ? tenant : null;
    }

    public boolean tenantAdmin() {
        return adminOfTenant() != null;
    }

    /** Admins, and the tenant admin of {@code tenantId}: may change a tenant's defaults and its users. */
    public boolean administers(String tenantId) {
        return admin() || tenantId != null && tenantId.equals(adminOfTenant());
    }

    /** May follow the whole change feed ({@value JwtTokens#CHANGES_SCOPE} or an admin). */
    public boolean followsChanges() {
        return admin() || scopes.contains(JwtTokens.CHANGES_SCOPE);
    }

    /**
     * May touch the preferences of {@code userId}, who belongs to {@code usersTenant} (null: none, or unknown because
     * they do not exist): themselves, an admin, or the admin of the user's tenant.
     */
    public boolean mayTouchUser(String userId, String usersTenant) {
        return admin() || subject.equals(userId) || usersTenant != null && usersTenant.equals(adminOfTenant());
    }
}
