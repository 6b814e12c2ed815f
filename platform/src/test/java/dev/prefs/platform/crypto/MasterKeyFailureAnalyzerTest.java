package dev.prefs.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MasterKeyFailureAnalyzerTest {

    private final MasterKeyFailureAnalyzer analyzer = new MasterKeyFailureAnalyzer();

    @Test
    void explainsAMissingKeyFoundAnywhereInTheCauses() {
        FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("bean creation failed",
                new MasterKeyException("No master key: PREFS_MASTER_KEY is not set")));
        assertThat(analysis.getDescription()).isEqualTo("No master key: PREFS_MASTER_KEY is not set");
        assertThat(analysis.getAction()).contains("PREFS_MASTER_KEY", "openssl rand -base64 32",
                "PREFS_MASTER_KEY_PREVIOUS");
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertThat(analyzer.analyze(new IllegalStateException("something else"))).isNull();
    }
}
