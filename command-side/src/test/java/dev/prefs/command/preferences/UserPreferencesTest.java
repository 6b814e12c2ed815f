package dev.prefs.command.preferences;

import dev.prefs.events.LanguageChangedEvent;
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
    private static final PreferencesCreatedEvent CREATED_WITH_DEFAULTS =
            new PreferencesCreatedEvent(ALICE, "dark", "en", true);

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
                .when(new CreatePreferencesCommand(ALICE, "light", "pt-br", false, null))
                .expectEvents(new PreferencesCreatedEvent(ALICE, "light", "pt-BR", false));
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
                .expectEvents(new PreferencesCreatedEvent(ALICE, "dark", "de", true))
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
                .when(new ChangePreferencesCommand(ALICE, "system", "fr-ca", false, null))
                .expectEvents(new ThemeChangedEvent(ALICE, "system"), new LanguageChangedEvent(ALICE, "fr-CA"),
                        new NotificationsChangedEvent(ALICE, false))
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
        fixture.given(new PreferencesCreatedEvent(ALICE, "dark", "en-US", true))
                .when(new ChangePreferencesCommand(ALICE, null, "en-us", true, null))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void changingOnlyTheFieldsThatDifferEmitsOnlyTheirEvents() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "dark", "en", false, null))
                .expectEvents(new NotificationsChangedEvent(ALICE, false));
    }

    @Test
    void changingBackToTheDefaultIsAnOrdinaryChange() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "light", "en", true))
                .when(new ChangePreferencesCommand(ALICE, "dark", null, null, null))
                .expectEvents(new ThemeChangedEvent(ALICE, "dark"));
    }

    @Test
    void changingToAnInvalidThemeIsRefused() {
        fixture.given(CREATED_WITH_DEFAULTS)
                .when(new ChangePreferencesCommand(ALICE, "Dark", null, false, null))
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
                .expectEvents(new PreferencesResetEvent(ALICE, "dark", "en", true))
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
}
