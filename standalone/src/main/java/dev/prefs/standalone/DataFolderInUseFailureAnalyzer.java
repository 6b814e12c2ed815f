package dev.prefs.standalone;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a locked data folder into a two-line explanation instead of a stack trace. */
class DataFolderInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataFolderInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataFolderInUseException cause) {
        return new FailureAnalysis(
                "The data folder " + cause.folder() + " is locked by another running Prefs process.",
                "Stop the other process, or give this one its own folder with PREFS_DATA_DIR=/some/other/folder "
                + "(or point it at a PostgreSQL server with SPRING_DATASOURCE_URL).",
                cause);
    }
}
