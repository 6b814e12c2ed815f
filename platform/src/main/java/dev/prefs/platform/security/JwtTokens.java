package dev.prefs.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints HS256 bearer tokens with the shared secret: the {@code token} command of the standalone jar uses it to give
 * people a token for trying the service, and tests use it. Production deployments usually take tokens from an
 * identity provider instead (see docs/security.md).
 */
public final class JwtTokens {

    /** The scope that makes a caller an admin. */
    public static final String ADMIN_SCOPE = "preferences:admin";
    /** With a {@code tenant} claim: the admin of that tenant, its defaults and its users. */
    public static final String TENANT_ADMIN_SCOPE = "preferences:tenant-admin";
    /** May follow the whole change feed. */
    public static final String CHANGES_SCOPE = "preferences:changes";
    /** Shorter secrets are refused: HS256 needs at least 256 bits of key. */
    public static final int MIN_SECRET_BYTES = 32;

    private JwtTokens() {
    }

    public static String mint(String secret, String subject, boolean admin, Duration timeToLive) {
        return mint(secret, subject, admin ? ADMIN_SCOPE : null, null, timeToLive);
    }

    /**
     * A token for {@code subject} with {@code scope} (space-separated, or null for none) and {@code tenant} as its
     * {@code tenant} claim (or null for none).
     */
    public static String mint(String secret, String subject, String scope, String tenant, Duration timeToLive) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plus(timeToLive)));
        if (scope != null && !scope.isBlank()) {
            claims.claim("scope", scope);
        }
        if (tenant != null) {
            claims.claim(Caller.TENANT_CLAIM, tenant);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            token.sign(new MACSigner(secretBytes(secret)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Cannot sign with that secret: " + e.getMessage(), e);
        }
        return token.serialize();
    }

    /** The secret's bytes, or a {@link WeakJwtSecretException} when it is too short to be safe. */
    static byte[] secretBytes(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new WeakJwtSecretException(bytes.length);
        }
        return bytes;
    }
}
