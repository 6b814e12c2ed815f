package dev.prefs.platform.security;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** A missing or too-short token secret stops start-up with the reason and the fix, not a stack trace. */
class TokenConfigurationFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WeakJwtSecretException || cause instanceof MissingTokenConfigurationException) {
                return new FailureAnalysis(cause.getMessage(),
                        "Set PREFS_JWT_SECRET to at least " + JwtTokens.MIN_SECRET_BYTES + " random bytes (openssl "
                        + "rand -base64 48), or configure spring.security.oauth2.resourceserver.jwt.issuer-uri.",
                        cause);
            }
        }
        return null;
    }
}
