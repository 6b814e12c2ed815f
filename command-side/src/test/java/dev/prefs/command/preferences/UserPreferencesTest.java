package dev.prefs.command.preferences;

import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserPreferencesTest {

    private static final String ALICE = "alice";
    /** The default channels: email and push on, SMS off. */
    private static final NotificationChannels ON = NotificationChannels.DEFAULT;
    private static final NotificationChannels OFF = new NotificationChannels(false, false, false);
    private static final PreferencesCreatedEvent CREATED_WITH_DEFAULTS =
            new PreferencesCreatedEvent(ALICE, "dark", "en", ON);

    private AggregateTestFixture<UserPreferences> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserPreferences.class);
    }

    @Test
    void creatingWithoutValuesUsesTheDefaults() {
        fixture.givenNoPriorActivity()
                .when(new CreatePreferencesCommand(ALICE, null, null, null, null))
                .expectEvents(CREATED_WITH_DEFAULTS)
                .expectResultMessagePayload(1L);
    }

    @Test
    void creatingStoresTheLanguageInCanonicalForm() {
        fixture.givenNoPriorActivity()
                .when(new CreatePreferencesCommand(ALICE, "light", "pt-br", switchTo(false), null))
                .expectEvents(new PreferencesCreatedEvent(ALICE, "light", "pt-BR", OFF));
    }

    @Test
    void creatingWithInvalidValuesIsRefusedListingEveryField() {
        fixture.givenNoPriorActivity()
                .when(new CreatePreferencesCommand(ALICE, "blue", "not a tag", null, null))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("theme"),
                        org.hamcrest.Matchers.containsString("language")));
    }

    @Test
    void creatingWithAnInvalidUserIdIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreatePreferencesCommand("not valid!", null, null, null, null))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void creatingExistingPreferencesIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new CreatePreferencesCommand(ALICE, "light", null, null, null))
                .expectNoEvents()
                .expectException(PreferencesAlreadyExistException.class);
    }

    @Test
    void creatingAfterDeleteContinuesTheVersion() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"), new PreferencesDeletedEvent(ALICE))
                .when(new CreatePreferencesCommand(ALICE, null, "de", null, null))
                .expectEvents(new PreferencesCreatedEvent(ALICE, "dark", "de", ON))
                .expectResultMessagePayload(4L);
    }

    @Test
    void creatingWithIfMatchIsRefusedBecauseNothingExistsToMatch() {
        fixture.given(CREATED_WITH_DEFAULTS, new PreferencesDeletedEvent(ALICE))
                .when(new CreatePreferencesCommand(ALICE, null, null, null, new ExpectedVersion(2L)))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void changingOneFieldEmitsOneEvent() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "light", null, null, null))
                .expectEvents(new ThemeChangedEvent(ALICE, "light"))
                .expectResultMessagePayload(2L);
    }

    @Test
    void changingEveryFieldEmitsOneEventPerField() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "system", "fr-ca", switchTo(false), null))
                .expectEvents(new ThemeChangedEvent(ALICE, "system"), new LanguageChangedEvent(ALICE, "fr-CA"),
                        new NotificationsChangedEvent(ALICE, OFF))
                .expectResultMessagePayload(4L);
    }

    @Test
    void changingThemeToSameValueEmitsNothing() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "dark", null, null, null))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void changingLanguageToAnotherSpellingOfTheSameTagEmitsNothing() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "dark", "en-US", ON))
                .when(new ChangePreferencesCommand(ALICE, null, "en-us", switchTo(true), null))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void changingOnlyTheFieldsThatDifferEmitsOnlyTheirEvents() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "dark", "en", switchTo(false), null))
                .expectEvents(new NotificationsChangedEvent(ALICE, OFF));
    }

    @Test
    void changingBackToTheDefaultIsAnOrdinaryChange() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "light", "en", ON))
                .when(new ChangePreferencesCommand(ALICE, "dark", null, null, null))
                .expectEvents(new ThemeChangedEvent(ALICE, "dark"));
    }

    @Test
    void changingToAnInvalidThemeIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "Dark", null, switchTo(false), null))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void changingToAnInvalidLanguageIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, null, "en_US!", null, null))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void changingPreferencesThatNeverExistedIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangePreferencesCommand(ALICE, "light", null, null, null))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void changingDeletedPreferencesIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS, new PreferencesDeletedEvent(ALICE))
                .when(new ChangePreferencesCommand(ALICE, "light", null, null, null))
                .expectNoEvents()
                .expectException(PreferencesNotFoundException.class);
    }

    @Test
    void changingWithTheCurrentVersionSucceeds() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"))
                .when(new ChangePreferencesCommand(ALICE, "system", null, null, new ExpectedVersion(2L)))
                .expectEvents(new ThemeChangedEvent(ALICE, "system"))
                .expectResultMessagePayload(3L);
    }

    @Test
    void changingWithAStaleVersionIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"))
                .when(new ChangePreferencesCommand(ALICE, "system", null, null, new ExpectedVersion(1L)))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void changingWithAnyVersionSucceedsWhenThePreferencesExist() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "light", null, null, ExpectedVersion.ANY))
                .expectEvents(new ThemeChangedEvent(ALICE, "light"));
    }

    @Test
    void resettingEmitsTheDefaults() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"))
                .when(new ResetPreferencesCommand(ALICE, null))
                .expectEvents(new PreferencesResetEvent(ALICE, "dark", "en", ON))
                .expectResultMessagePayload(3L);
    }

    @Test
    void resettingPreferencesThatHoldTheDefaultsEmitsNothing() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"),
                        new ThemeChangedEvent(ALICE, "dark"))
                .when(new ResetPreferencesCommand(ALICE, null))
                .expectNoEvents()
                .expectResultMessagePayload(3L);
    }

    @Test
    void resettingDeletedPreferencesIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS, new PreferencesDeletedEvent(ALICE))
                .when(new ResetPreferencesCommand(ALICE, null))
                .expectNoEvents()
                .expectException(PreferencesNotFoundException.class);
    }

    @Test
    void resettingWithAStaleVersionIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"))
                .when(new ResetPreferencesCommand(ALICE, new ExpectedVersion(1L)))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void deletingEmitsDeleted() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new DeletePreferencesCommand(ALICE, null))
                .expectEvents(new PreferencesDeletedEvent(ALICE))
                .expectResultMessagePayload(2L);
    }

    @Test
    void deletingTwiceIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS, new PreferencesDeletedEvent(ALICE))
                .when(new DeletePreferencesCommand(ALICE, null))
                .expectNoEvents()
                .expectException(PreferencesNotFoundException.class);
    }

    @Test
    void deletingWithAStaleVersionIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS, new ThemeChangedEvent(ALICE, "light"))
                .when(new DeletePreferencesCommand(ALICE, new ExpectedVersion(3L)))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void creatingWithSomeChannelsTakesTheOthersFromTheDefaults() {
        fixture.givenNoPriorActivity()
                .when(new CreatePreferencesCommand(ALICE, null, null, channels(null, false, true), null))
                .expectEvents(new PreferencesCreatedEvent(ALICE, "dark", "en", new NotificationChannels(true, false,
                        true)));
    }

    @Test
    void changingOneChannelEmitsTheChannelsAsTheyAreNow() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, null, null, channels(null, null, true), null))
                .expectEvents(new NotificationsChangedEvent(ALICE, new NotificationChannels(true, true, true)))
                .expectResultMessagePayload(2L);
    }

    @Test
    void changingChannelsToWhatTheyAreEmitsNothing() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, null, null, channels(true, true, false), null))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void switchingNotificationsOffTurnsEveryChannelOff() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "dark", "en", new NotificationChannels(false, true, true)))
                .when(new ChangePreferencesCommand(ALICE, null, null, switchTo(false), null))
                .expectEvents(new NotificationsChangedEvent(ALICE, OFF));
    }

    @Test
    void switchingNotificationsOnTurnsEmailAndPushOnAndLeavesSms() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "dark", "en", new NotificationChannels(false, false, true)))
                .when(new ChangePreferencesCommand(ALICE, null, null, switchTo(true), null))
                .expectEvents(new NotificationsChangedEvent(ALICE, new NotificationChannels(true, true, true)));
    }

    @Test
    void switchingOnWhenEmailAndPushAreOnEmitsNothing() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "dark", "en", new NotificationChannels(true, true, true)))
                .when(new ChangePreferencesCommand(ALICE, null, null, switchTo(true), null))
                .expectNoEvents();
    }

    @Test
    void resettingReturnsTheChannelsToTheirDefaults() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "dark", "en", new NotificationChannels(true, true, true)))
                .when(new ResetPreferencesCommand(ALICE, null))
                .expectEvents(new PreferencesResetEvent(ALICE, "dark", "en", ON));
    }

    private static NotificationsChange switchTo(boolean enabled) {
        return new NotificationsChange(enabled, null, null, null);
    }

    private static NotificationsChange channels(Boolean email, Boolean push, Boolean sms) {
        return new NotificationsChange(null, email, push, sms);
    }
}
