package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SegmentBalancerTest {

    @Test
    void aProcessKeepsAtMostItsShareRoundedUpSoEverySegmentHasAnOwner() {
        assertThat(SegmentBalancer.share(4, 1)).isEqualTo(4);
        assertThat(SegmentBalancer.share(4, 2)).isEqualTo(2);
        assertThat(SegmentBalancer.share(4, 3)).isEqualTo(2);
        assertThat(SegmentBalancer.share(1, 2)).isEqualTo(1);
        assertThat(SegmentBalancer.share(4, 5)).isEqualTo(1);
    }

    @Test
    void aDeadProcessStopsBeingCountedBeforeItsClaimsExpire() {
        ClaimSettings defaults = new ClaimSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(SegmentBalancer.liveWindow(defaults)).isLessThan(defaults.timeout())
                // and a live process renews its row (every claim-interval) well within it
                .isGreaterThan(defaults.interval());
    }
}
