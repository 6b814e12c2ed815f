package dev.prefs.query.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate at which a following build's processor moves through the event store (its lowest segment position over
 * time), from the positions seen each time its figures are read: events per second since a reference sample at
 * least {@link #MIN_WINDOW} old, the reference moving on once it is {@link #MAX_WINDOW} old. So a build catching up
 * a backlog shows its real rate and an ETA, not the bulk phase's rate or nothing. 0 until two samples
 * {@link #MIN_WINDOW} apart have been seen.
 */
final class LiveRate {

    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WINDOW = Duration.ofSeconds(10);

    private record Sample(long position, Instant at) {
    }

    private record Window(Sample reference, Sample latest, double rate) {
    }

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LiveRate(Clock clock) {
        this.clock = clock;
    }

    /** Records that {@code processingGroup} stands at {@code position} now; its events per second. */
    double observe(String processingGroup, long position) {
        Sample now = new Sample(position, clock.instant());
        Window window = windows.compute(processingGroup, (group, last) -> {
            if (last == null || position < last.latest().position()) {
                return new Window(now, now, 0);
            }
            Duration elapsed = Duration.between(last.reference().at(), now.at());
            if (elapsed.compareTo(MIN_WINDOW) < 0) {
                return new Window(last.reference(), now, last.rate());
            }
            double rate = (position - last.reference().position()) * 1000.0 / elapsed.toMillis();
            Sample reference = elapsed.compareTo(MAX_WINDOW) >= 0 ? now : last.reference();
            return new Window(reference, now, rate);
        });
        return window.rate();
    }

    /** The time left to cover {@code lag} events at {@code rate}; null when the rate is unknown. */
    static Duration eta(long lag, double rate) {
        if (lag <= 0) {
            return Duration.ZERO;
        }
        return rate > 0 ? Duration.ofMillis((long) (lag * 1000 / rate)) : null;
    }
}
