package dev.prefs.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.query.projection.ProjectedEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreferenceStatsProjectionTest {

    private static final NotificationChannels ON = NotificationChannels.DEFAULT;
    private static final NotificationChannels OFF = new NotificationChannels(false, false, false);

    private final PreferenceStatsProjection fold = new PreferenceStatsProjection();

    @Test
    void followsEveryEventType() {
        StatsUserView row = fold.apply(null, event(0, new PreferencesCreatedEvent("bob", "dark", "en", ON)));
        assertThat(row).isEqualTo(new StatsUserView("bob", 1, false, "dark", "en", true, ON));

        row = fold.apply(row, event(1, new ThemeChangedEvent("bob", "system")));
        row = fold.apply(row, event(2, new LanguageChangedEvent("bob", "nl")));
        row = fold.apply(row, event(3, new NotificationsChangedEvent("bob", OFF)));
        assertThat(row).isEqualTo(new StatsUserView("bob", 4, false, "system", "nl", false, OFF));

        row = fold.apply(row, event(4, new PreferencesResetEvent("bob", "dark", "en", ON)));
        assertThat(row).isEqualTo(new StatsUserView("bob", 5, false, "dark", "en", true, ON));

        row = fold.apply(row, event(5, new PreferencesDeletedEvent("bob")));
        assertThat(row).isEqualTo(new StatsUserView("bob", 6, true, "dark", "en", true, ON));

        row = fold.apply(row, event(6, new PreferencesCreatedEvent("bob", "light", "fr", OFF)));
        assertThat(row).isEqualTo(new StatsUserView("bob", 7, false, "light", "fr", false, OFF));
    }

    private static ProjectedEvent event(long sequence, PreferencesEvent payload) {
        return new ProjectedEvent("bob", sequence, 100 + sequence, Instant.EPOCH.plusSeconds(sequence), payload);
    }
}
