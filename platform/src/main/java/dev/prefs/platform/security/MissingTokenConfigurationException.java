package dev.prefs.platform.security;

/** Neither a secret nor an issuer is configured, so no bearer token could ever be checked. */
public class MissingTokenConfigurationException extends IllegalStateException {

    MissingTokenConfigurationException() {
        super("No way to check bearer tokens is configured: set PREFS_JWT_SECRET (at least "
              + JwtTokens.MIN_SECRET_BYTES + " bytes) or spring.security.oauth2.resourceserver.jwt.issuer-uri "
              + "(or jwk-set-uri)");
    }
}
