package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.query.projection.ProjectedEvent;
import dev.prefs.query.projection.RowChange;
import dev.prefs.query.projection.ProjectionVersion;
import dev.prefs.query.projection.RowStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserPreferencesProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final String ALICE = "alice";
    private static final NotificationChannels ON = NotificationChannels.DEFAULT;
    private static final NotificationChannels OFF = new NotificationChannels(false, false, false);

    private final ProjectionVersion<UserPreferencesView> projection = new ProjectionVersion<>(
            UserPreferencesVersion.NAME, 2, UserPreferencesV2.TABLE,
            new UserPreferencesProjection(), tables -> unusedStore(), 1);

    @Test
    void creationMakesARowWhoseIdIsTheCreatingEventsGlobalIndex() {
        UserPreferencesView row = projection.apply(null, event(0, 42, new PreferencesCreatedEvent(ALICE, "light",
                "pt-BR", OFF)));

        assertThat(row).isEqualTo(new UserPreferencesView(42, ALICE, "light", "pt-BR", false, OFF, T0, T0, 1, false));
    }

    @Test
    void eachChangeEventChangesItsFieldAndTheVersionAndUpdatedAt() {
        UserPreferencesView created = created();

        UserPreferencesView theme = projection.apply(created, event(1, 8, new ThemeChangedEvent(ALICE, "light")));
        UserPreferencesView language = projection.apply(theme, event(2, 9, new LanguageChangedEvent(ALICE, "fr")));
        UserPreferencesView notifications = projection.apply(language,
                event(3, 10, new NotificationsChangedEvent(ALICE, OFF)));

        assertThat(theme).isEqualTo(new UserPreferencesView(7, ALICE, "light", "en", true, ON, T0, at(1), 2, false));
        assertThat(language).isEqualTo(new UserPreferencesView(7, ALICE, "light", "fr", true, ON, T0, at(2), 3, false));
        assertThat(notifications)
                .isEqualTo(new UserPreferencesView(7, ALICE, "light", "fr", false, OFF, T0, at(3), 4, false));
    }

    @Test
    void resetTakesTheValuesTheEventCarries() {
        UserPreferencesView changed = projection.apply(created(), event(1, 8, new ThemeChangedEvent(ALICE, "light")));

        UserPreferencesView reset = projection.apply(changed,
                event(2, 9, new PreferencesResetEvent(ALICE, "system", "de", OFF)));

        assertThat(reset).isEqualTo(new UserPreferencesView(7, ALICE, "system", "de", false, OFF, T0, at(2), 3, false));
    }

    @Test
    void anyChannelOnMeansNotificationsAreEnabled() {
        NotificationChannels smsOnly = new NotificationChannels(false, false, true);

        UserPreferencesView row = projection.apply(created(), event(1, 8, new NotificationsChangedEvent(ALICE,
                smsOnly)));

        assertThat(row.notifications()).isEqualTo(smsOnly);
        assertThat(row.notificationsEnabled()).isTrue();
    }

    @Test
    void aVersionOneRowWithoutChannelsKeepsItsSwitchUntilTheChannelsChange() {
        UserPreferencesView versionOneRow = new UserPreferencesView(7, ALICE, "dark", "en", false, null, T0, T0, 1,
                false);

        UserPreferencesView theme = projection.apply(versionOneRow, event(1, 8, new ThemeChangedEvent(ALICE,
                "light")));
        UserPreferencesView channels = projection.apply(theme, event(2, 9, new NotificationsChangedEvent(ALICE,
                new NotificationChannels(false, true, false))));

        assertThat(theme.notificationsEnabled()).isFalse();
        assertThat(theme.notifications()).isNull();
        assertThat(channels.notificationsEnabled()).isTrue();
    }

    @Test
    void deletionLeavesATombstoneWithTheVersion() {
        UserPreferencesView deleted = projection.apply(created(), event(1, 8, new PreferencesDeletedEvent(ALICE)));

        assertThat(deleted).isEqualTo(new UserPreferencesView(7, ALICE, "dark", "en", true, ON, T0, at(1), 2, true));
    }

    @Test
    void recreationAfterDeletionKeepsTheIdAndStartsFromTheNewValues() {
        UserPreferencesView deleted = projection.apply(created(), event(1, 8, new PreferencesDeletedEvent(ALICE)));

        UserPreferencesView again = projection.apply(deleted,
                event(2, 20, new PreferencesCreatedEvent(ALICE, "light", "it", ON)));

        assertThat(again).isEqualTo(new UserPreferencesView(7, ALICE, "light", "it", true, ON, at(2), at(2), 3, false));
    }

    @Test
    void replayingAnyEventTheRowHoldsChangesNothing() {
        PreferencesEvent[] events = {new PreferencesCreatedEvent(ALICE, "dark", "en", ON),
                new ThemeChangedEvent(ALICE, "light"), new LanguageChangedEvent(ALICE, "fr"),
                new NotificationsChangedEvent(ALICE, OFF), new PreferencesResetEvent(ALICE, "dark", "en", ON)};
        UserPreferencesView row = null;
        for (int i = 0; i < events.length; i++) {
            row = projection.apply(row, event(i, 7 + i, events[i]));
        }
        for (int i = 0; i < events.length; i++) {
            assertThat(projection.apply(row, event(i, 7 + i, events[i]))).isSameAs(row);
        }
    }

    @Test
    void anOldCreationReplayedAfterDeletionDoesNotResurrectTheUser() {
        ProjectedEvent creation = event(0, 7, new PreferencesCreatedEvent(ALICE, "dark", "en", ON));
        UserPreferencesView deleted = projection.apply(projection.apply(null, creation),
                event(1, 8, new PreferencesDeletedEvent(ALICE)));

        assertThat(projection.apply(deleted, creation)).isSameAs(deleted);
    }

    @Test
    void aChangeWithoutPreferencesIsRefused() {
        assertThatThrownBy(() -> projection.apply(null, event(0, 7, new ThemeChangedEvent(ALICE, "light"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not exist");
    }

    @Test
    void creatingExistingPreferencesIsRefused() {
        assertThatThrownBy(() -> projection.apply(created(),
                event(1, 8, new PreferencesCreatedEvent(ALICE, "dark", "en", ON))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exist");
    }

    private UserPreferencesView created() {
        return projection.apply(null, event(0, 7, new PreferencesCreatedEvent(ALICE, "dark", "en", ON)));
    }

    private static ProjectedEvent event(long sequence, long globalIndex, PreferencesEvent payload) {
        return new ProjectedEvent(ALICE, sequence, globalIndex, at(sequence), payload);
    }

    private static Instant at(long sequence) {
        return T0.plusSeconds(60 * sequence);
    }

    private static RowStore<UserPreferencesView> unusedStore() {
        return new RowStore<>() {
            @Override
            public Map<String, UserPreferencesView> load(Collection<String> userIds) {
                throw new AssertionError("a fold does no I/O");
            }

            @Override
            public void write(List<RowChange<UserPreferencesView>> changes) {
                throw new AssertionError("a fold does no I/O");
            }
        };
    }
}
