package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class DataFolderInUseFailureAnalyzerTest {

    @Test
    void explainsWhichFolderIsLockedAndWhatToDo() {
        Path folder = Path.of("/srv/prefs/data");
        BeanCreationException failure = new BeanCreationException("embeddedDatabase", "failed",
                new DataFolderInUseException(folder));

        FailureAnalysis analysis = new DataFolderInUseFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("/srv/prefs/data").contains("locked by another running");
        assertThat(analysis.getAction()).contains("PREFS_DATA_DIR").contains("SPRING_DATASOURCE_URL");
    }
}
