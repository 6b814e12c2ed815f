package dev.prefs.command.preferences;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The command requests, with the status each answers when it succeeds (a layer's change is a CHANGE). */
public enum Operation {
    CREATE(201), CHANGE(200), RESET(200), DELETE(204);

    private final int status;

    Operation(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** What identifies "the same request" for an idempotency key: this operation and the canonical body. */
    String requestHash(String canonicalBody) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name() + "\n" + canonicalBody).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
