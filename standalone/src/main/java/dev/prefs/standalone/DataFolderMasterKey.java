package dev.prefs.standalone;

import dev.prefs.platform.crypto.FallbackMasterKey;
import dev.prefs.platform.crypto.MasterKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The standalone process's master key when {@code PREFS_MASTER_KEY} is not set: 32 random bytes (base64), created on
 * first start in {@code <data folder>/master-key} (readable by its owner only) and kept. Losing it loses every
 * user's data (the keys it wraps cannot be opened): a backup of the data folder must include it. Never logged.
 */
final class DataFolderMasterKey implements FallbackMasterKey {

    static final String FILE = "master-key";

    private final Path file;

    DataFolderMasterKey(Path dataFolder) {
        this.file = dataFolder.resolve(FILE);
    }

    @Override
    public String key() {
        try {
            if (!Files.exists(file)) {
                create();
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key " + file, e);
        }
    }

    private void create() throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply.
        }
        Files.writeString(temporary, MasterKeys.generate());
        Files.move(temporary, file);
    }
}
