package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClaimSettingsTest {

    @Test
    void theDefaultsLeaveRoomForTheRenewalBeforeAClaimTimesOut() {
        assertThatCode(() -> new ClaimSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .doesNotThrowAnyException();
        assertThatCode(() -> new ClaimSettings(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .doesNotThrowAnyException();
    }

    @Test
    void aRenewalThatMightComeAfterTheTimeoutIsRefused() {
        // Axon's own defaults: an idle owner may renew 10 s after its last renewal, when its claim is up for grabs.
        assertThatThrownBy(() -> new ClaimSettings(Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claim-extension");
        assertThatThrownBy(() -> new ClaimSettings(Duration.ofMillis(3999), Duration.ofSeconds(1),
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroIsRefused() {
        assertThatThrownBy(() -> new ClaimSettings(Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
