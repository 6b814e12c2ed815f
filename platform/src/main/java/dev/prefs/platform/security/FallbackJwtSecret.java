package dev.prefs.platform.security;

/**
 * Where a process finds its HS256 secret when neither {@code PREFS_JWT_SECRET} nor an issuer is configured. Only the
 * standalone process declares one (a secret it keeps in its data folder), so it works out of the box; the split
 * deployment's applications refuse to start without explicit configuration.
 */
@FunctionalInterface
public interface FallbackJwtSecret {

    String secret();
}
