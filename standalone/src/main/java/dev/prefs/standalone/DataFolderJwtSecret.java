package dev.prefs.standalone;

import dev.prefs.platform.security.FallbackJwtSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The standalone process's token secret when {@code PREFS_JWT_SECRET} is not set: 48 random bytes, created on first
 * start in {@code <data folder>/jwt-secret} (readable by its owner only) and kept, so tokens minted with
 * {@code java -jar prefs-standalone.jar token <user>} stay valid across restarts. Never logged.
 */
final class DataFolderJwtSecret implements FallbackJwtSecret {

    static final String FILE = "jwt-secret";

    private final Path file;

    DataFolderJwtSecret(Path dataFolder) {
        this.file = dataFolder.resolve(FILE);
    }

    @Override
    public String secret() {
        try {
            if (!Files.exists(file)) {
                create();
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token secret " + file, e);
        }
    }

    /** The secret in {@code dataFolder}, if the service has created one. */
    static String existing(Path dataFolder) throws IOException {
        Path file = dataFolder.resolve(FILE);
        return Files.exists(file) ? Files.readString(file).trim() : null;
    }

    private void create() throws IOException {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply.
        }
        Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        Files.move(temporary, file);
    }
}
