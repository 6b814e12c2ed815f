package dev.prefs.platform.security;

/** The configured HS256 secret is shorter than {@value JwtTokens#MIN_SECRET_BYTES} bytes. */
public class WeakJwtSecretException extends IllegalStateException {

    WeakJwtSecretException(int length) {
        super("PREFS_JWT_SECRET has " + length + " bytes; at least " + JwtTokens.MIN_SECRET_BYTES
              + " are required (for example: openssl rand -base64 48)");
    }
}
