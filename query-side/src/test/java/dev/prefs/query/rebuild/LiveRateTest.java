package dev.prefs.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LiveRateTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final LiveRate rate = new LiveRate(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aFollowingBuildCatchingUpReportsTheEventsPerSecondItsPositionMovesAt() {
        assertThat(rate.observe("g", 1_000)).isZero();
        now = now.plusMillis(500);
        assertThat(rate.observe("g", 6_000)).as("under a second of samples: not known yet").isZero();
        now = now.plusMillis(1_500);
        assertThat(rate.observe("g", 21_000)).isEqualTo(10_000.0);
        now = now.plusSeconds(10);
        assertThat(rate.observe("g", 121_000)).isEqualTo(10_000.0);
        now = now.plusSeconds(2);
        assertThat(rate.observe("g", 125_000)).as("the reference moved on after 10 s").isEqualTo(2_000.0);
    }

    @Test
    void eachProcessingGroupHasItsOwnRateAndAPositionGoingBackStartsAgain() {
        rate.observe("a", 0);
        rate.observe("b", 0);
        now = now.plusSeconds(2);
        assertThat(rate.observe("a", 4_000)).isEqualTo(2_000.0);
        assertThat(rate.observe("b", 0)).isZero();
        now = now.plusSeconds(2);
        assertThat(rate.observe("a", 10)).isZero();
    }

    @Test
    void theEtaIsTheLagAtTheRateZeroWhenCaughtUpAndUnknownWithoutARate() {
        assertThat(LiveRate.eta(50_000, 10_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(LiveRate.eta(0, 0)).isEqualTo(Duration.ZERO);
        assertThat(LiveRate.eta(10, 0)).isNull();
    }
}
