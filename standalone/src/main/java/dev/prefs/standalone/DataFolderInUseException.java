package dev.prefs.standalone;

import java.nio.file.Path;

/** Another running Prefs process holds the lock on the data folder. */
class DataFolderInUseException extends RuntimeException {

    private final Path folder;

    DataFolderInUseException(Path folder) {
        super("The data folder " + folder + " is in use by another running Prefs process");
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }
}
