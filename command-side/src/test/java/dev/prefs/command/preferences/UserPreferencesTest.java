package dev.prefs.command.preferences;

import static dev.prefs.command.preferences.Callers.admin;
import static dev.prefs.command.preferences.Callers.tenantAdmin;
import static dev.prefs.command.preferences.Callers.user;
import static dev.prefs.command.preferences.Callers.userOf;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.LanguageChangedEvent;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.Caller;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserPreferencesTest {

    private static final String ALICE = "alice";
    private static final Caller SELF = user(ALICE);
    private static final ChannelChoices NONE = ChannelChoices.NONE;
    private static final ChannelChoices OFF = new ChannelChoices(false, false, false);
    /** Created with no explicit value and no tenant. */
    private static final PreferencesCreatedEvent CREATED = new PreferencesCreatedEvent(ALICE, null, null, null, NONE);
    private static final PreferencesCreatedEvent CREATED_IN_ACME =
            new PreferencesCreatedEvent(ALICE, "acme", null, null, NONE);

    private AggregateTestFixture<UserPreferences> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserPreferences.class);
    }

    // --- create ---

    @Test
    void creatingWithoutValuesStoresNoExplicitValue() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, null, SELF))
                .expectEvents(CREATED)
                .expectResultMessagePayload(1L);
    }

    @Test
    void creatingStoresOnlyTheGivenValuesTheLanguageInCanonicalForm() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE.with(PreferenceField.THEME, "light")
                        .with(PreferenceField.LANGUAGE, "pt-br").with(PreferenceField.SMS, true), null, SELF))
                .expectEvents(new PreferencesCreatedEvent(ALICE, null, "light", "pt-BR",
                        new ChannelChoices(null, null, true)));
    }

    @Test
    void creatingWithTheSwitchOffMakesEveryChannelExplicitlyOff() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE.switching(false), null, SELF))
                .expectEvents(new PreferencesCreatedEvent(ALICE, null, null, null, OFF));
    }

    @Test
    void creatingWithTheSwitchOnSetsEmailAndPushAndLeavesSmsInherited() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE.switching(true), null, SELF))
                .expectEvents(new PreferencesCreatedEvent(ALICE, null, null, null,
                        new ChannelChoices(true, true, null)));
    }

    @Test
    void creatingTakesTheTenantFromTheTokenClaim() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, null, userOf(ALICE, "acme")))
                .expectEvents(CREATED_IN_ACME);
    }

    @Test
    void creatingWithTheClaimedTenantInTheBodyIsAllowed() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, "acme", userOf(ALICE, "acme")))
                .expectEvents(CREATED_IN_ACME);
    }

    @Test
    void creatingInAnotherTenantThanTheClaimIsForbiddenUnlessAdmin() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, "globex", userOf(ALICE, "acme")))
                .expectNoEvents()
                .expectException(forbidden());
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, "globex", admin()))
                .expectEvents(new PreferencesCreatedEvent(ALICE, "globex", null, null, NONE));
    }

    @Test
    void aTenantAdminCreatesUsersOnlyInTheirOwnTenant() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, null, tenantAdmin("acme")))
                .expectEvents(CREATED_IN_ACME);
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE, "globex", tenantAdmin("acme")))
                .expectNoEvents()
                .expectException(forbidden());
    }

    @Test
    void creatingWithAnInvalidTenantIdIsRefusedListingEveryField() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE.with(PreferenceField.THEME, "blue"), "not valid!", admin()))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class)
                .expectExceptionMessage(Matchers.allOf(Matchers.containsString("tenantId"),
                        Matchers.containsString("theme")));
    }

    @Test
    void creatingWithInvalidValuesIsRefusedListingEveryField() {
        fixture.givenNoPriorActivity()
                .when(create(ValuesChange.NONE.with(PreferenceField.THEME, "blue")
                        .with(PreferenceField.LANGUAGE, "not a tag"), null, SELF))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class)
                .expectExceptionMessage(Matchers.allOf(Matchers.containsString("theme"),
                        Matchers.containsString("language")));
    }

    @Test
    void creatingWithAnInvalidUserIdIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreatePreferencesCommand("not valid!", null, ValuesChange.NONE, null, admin()))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void creatingExistingPreferencesIsRefused() {
        fixture.given(CREATED)
                .when(create(ValuesChange.NONE.with(PreferenceField.THEME, "light"), null, SELF))
                .expectNoEvents()
                .expectException(PreferencesAlreadyExistException.class);
    }

    @Test
    void anotherTenantsAdminLearnsNotEvenThatAUserExists() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "globex", null, null, NONE))
                .when(create(ValuesChange.NONE, null, tenantAdmin("acme")))
                .expectNoEvents()
                .expectException(forbidden());
    }

    @Test
    void creatingAfterDeleteContinuesTheVersion() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"), new PreferencesDeletedEvent(ALICE))
                .when(create(ValuesChange.NONE.with(PreferenceField.LANGUAGE, "de"), null, SELF))
                .expectEvents(new PreferencesCreatedEvent(ALICE, null, null, "de", NONE))
                .expectResultMessagePayload(4L);
    }

    @Test
    void creatingWithIfMatchIsRefusedBecauseNothingExistsToMatch() {
        fixture.given(CREATED, new PreferencesDeletedEvent(ALICE))
                .when(new CreatePreferencesCommand(ALICE, null, ValuesChange.NONE, new ExpectedVersion(2L), SELF))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    // --- change ---

    @Test
    void changingOneFieldEmitsOneEvent() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "light")))
                .expectEvents(new ThemeChangedEvent(ALICE, "light"))
                .expectResultMessagePayload(2L);
    }

    @Test
    void changingEveryFieldEmitsOneEventPerField() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "system")
                        .with(PreferenceField.LANGUAGE, "fr-ca").switching(false)))
                .expectEvents(new ThemeChangedEvent(ALICE, "system"), new LanguageChangedEvent(ALICE, "fr-CA"),
                        new NotificationsChangedEvent(ALICE, OFF))
                .expectResultMessagePayload(4L);
    }

    @Test
    void changingThemeToSameValueEmitsNothing() {
        fixture.given(new PreferencesCreatedEvent(ALICE, null, "dark", null, NONE))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "dark")))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    /** An inherited value that happens to be dark is not an explicit dark: choosing dark is a change. */
    @Test
    void choosingTheValueThatWouldBeInheritedMakesItExplicit() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "dark")))
                .expectEvents(new ThemeChangedEvent(ALICE, "dark"));
    }

    @Test
    void changingLanguageToAnotherSpellingOfTheSameTagEmitsNothing() {
        fixture.given(new PreferencesCreatedEvent(ALICE, null, null, "en-US", new ChannelChoices(true, true, null)))
                .when(change(ValuesChange.NONE.with(PreferenceField.LANGUAGE, "en-us").switching(true)))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void nullMeansNoExplicitValueAnyMore() {
        fixture.given(new PreferencesCreatedEvent(ALICE, null, "light", "fr", new ChannelChoices(false, true, true)))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, null).with(PreferenceField.LANGUAGE, null)
                        .with(PreferenceField.SMS, null)))
                .expectEvents(new ThemeChangedEvent(ALICE, null), new LanguageChangedEvent(ALICE, null),
                        new NotificationsChangedEvent(ALICE, new ChannelChoices(false, true, null)));
    }

    @Test
    void nullForAFieldWithNoExplicitValueEmitsNothing() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, null).with(PreferenceField.EMAIL, null)))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void switchingNotificationsOffMakesEveryChannelExplicitlyOff() {
        fixture.given(new PreferencesCreatedEvent(ALICE, null, null, null, new ChannelChoices(null, true, true)))
                .when(change(ValuesChange.NONE.switching(false)))
                .expectEvents(new NotificationsChangedEvent(ALICE, OFF));
    }

    @Test
    void switchingNotificationsOnSetsEmailAndPushAndLeavesSmsAsItIs() {
        fixture.given(new PreferencesCreatedEvent(ALICE, null, null, null, new ChannelChoices(false, false, true)))
                .when(change(ValuesChange.NONE.switching(true)))
                .expectEvents(new NotificationsChangedEvent(ALICE, new ChannelChoices(true, true, true)));
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.switching(true)))
                .expectEvents(new NotificationsChangedEvent(ALICE, new ChannelChoices(true, true, null)));
    }

    @Test
    void changingOneChannelEmitsTheChannelsAsTheyAreNow() {
        fixture.given(new PreferencesCreatedEvent(ALICE, null, null, null, new ChannelChoices(false, null, null)))
                .when(change(ValuesChange.NONE.with(PreferenceField.SMS, true)))
                .expectEvents(new NotificationsChangedEvent(ALICE, new ChannelChoices(false, null, true)))
                .expectResultMessagePayload(2L);
    }

    @Test
    void changingToAnInvalidThemeIsRefused() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "Dark").switching(false)))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void changingToAnInvalidLanguageIsRefused() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.LANGUAGE, "en_US!")))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void changingPreferencesThatNeverExistedIsRefused() {
        fixture.givenNoPriorActivity()
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "light")))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void changingDeletedPreferencesIsRefused() {
        fixture.given(CREATED, new PreferencesDeletedEvent(ALICE))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "light")))
                .expectNoEvents()
                .expectException(PreferencesNotFoundException.class);
    }

    // --- tenants ---

    @Test
    void anAdminMovesAUserToAnotherTenant() {
        fixture.given(CREATED_IN_ACME)
                .when(move("globex", admin()))
                .expectEvents(new PreferencesMovedEvent(ALICE, "globex"))
                .expectResultMessagePayload(2L);
    }

    @Test
    void anAdminMovesAUserOutOfEveryTenant() {
        fixture.given(CREATED_IN_ACME)
                .when(move(null, admin()))
                .expectEvents(new PreferencesMovedEvent(ALICE, null));
    }

    @Test
    void movingToTheTenantTheUserIsInEmitsNothing() {
        fixture.given(CREATED_IN_ACME)
                .when(move("acme", admin()))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void movingToAnInvalidTenantIsRefused() {
        fixture.given(CREATED_IN_ACME)
                .when(move("no tenant!", admin()))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void onlyAnAdminMayNameATenantInAPatchEvenTheSameOne() {
        fixture.given(CREATED_IN_ACME)
                .when(move("acme", userOf(ALICE, "acme")))
                .expectNoEvents()
                .expectException(forbidden());
        fixture.given(CREATED_IN_ACME)
                .when(move("acme", tenantAdmin("acme")))
                .expectNoEvents()
                .expectException(forbidden());
    }

    @Test
    void aTenantAdminChangesTheUsersOfTheirTenant() {
        fixture.given(CREATED_IN_ACME)
                .when(new ChangePreferencesCommand(ALICE, ValuesChange.NONE.with(PreferenceField.THEME, "light"),
                        false, null, null, tenantAdmin("acme")))
                .expectEvents(new ThemeChangedEvent(ALICE, "light"));
    }

    @Test
    void aTenantAdminMayNotTouchAUserOfAnotherTenantOrOfNone() {
        for (PreferencesCreatedEvent created : new PreferencesCreatedEvent[] {
                new PreferencesCreatedEvent(ALICE, "globex", null, null, NONE), CREATED}) {
            Caller acmeAdmin = tenantAdmin("acme");
            fixture.given(created)
                    .when(new ChangePreferencesCommand(ALICE, ValuesChange.NONE.with(PreferenceField.THEME, "light"),
                            false, null, null, acmeAdmin))
                    .expectNoEvents().expectException(forbidden());
            fixture.given(created).when(new ResetPreferencesCommand(ALICE, null, acmeAdmin))
                    .expectNoEvents().expectException(forbidden());
            fixture.given(created).when(new DeletePreferencesCommand(ALICE, null, acmeAdmin))
                    .expectNoEvents().expectException(forbidden());
        }
    }

    @Test
    void aTenantAdminOfAnotherTenantIsToldForbiddenNotThatTheUserWasDeleted() {
        fixture.given(new PreferencesCreatedEvent(ALICE, "globex", null, null, NONE), new PreferencesDeletedEvent(ALICE))
                .when(new DeletePreferencesCommand(ALICE, null, tenantAdmin("acme")))
                .expectNoEvents()
                .expectException(forbidden());
    }

    @Test
    void theUserMovedAwayIsNoLongerTheOldTenantAdminsToChange() {
        fixture.given(CREATED_IN_ACME, new PreferencesMovedEvent(ALICE, "globex"))
                .when(new ResetPreferencesCommand(ALICE, null, tenantAdmin("acme")))
                .expectNoEvents()
                .expectException(forbidden());
    }

    // --- If-Match ---

    @Test
    void changingWithTheCurrentVersionSucceeds() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "system"), new ExpectedVersion(2L)))
                .expectEvents(new ThemeChangedEvent(ALICE, "system"))
                .expectResultMessagePayload(3L);
    }

    @Test
    void theEtagOfTheUsersGetMatchesOnTheUsersOwnVersionOnly() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "system"),
                        ExpectedVersion.fromIfMatch("\"2.7.1.3\"")))
                .expectEvents(new ThemeChangedEvent(ALICE, "system"));
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "system"),
                        ExpectedVersion.fromIfMatch("\"1.7.1.3\"")))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void changingWithAStaleVersionIsRefused() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "system"), new ExpectedVersion(1L)))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void changingWithAnyVersionSucceedsWhenThePreferencesExist() {
        fixture.given(CREATED)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "light"), ExpectedVersion.ANY))
                .expectEvents(new ThemeChangedEvent(ALICE, "light"));
    }

    // --- reset and delete ---

    @Test
    void resettingClearsEveryExplicitValue() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(new ResetPreferencesCommand(ALICE, null, SELF))
                .expectEvents(PreferencesResetEvent.clearing(ALICE))
                .expectResultMessagePayload(3L);
    }

    /** Release 2's reset carried the defaults of its day, which stay explicit values: a reset now clears them. */
    @Test
    void resettingClearsTheValuesAnOldResetLeft() {
        fixture.given(CREATED, new PreferencesResetEvent(ALICE, "dark", "en",
                        new dev.prefs.events.NotificationChannels(true, true, false)))
                .when(new ResetPreferencesCommand(ALICE, null, SELF))
                .expectEvents(PreferencesResetEvent.clearing(ALICE));
    }

    @Test
    void resettingPreferencesWithNoExplicitValueEmitsNothing() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"), new ThemeChangedEvent(ALICE, null))
                .when(new ResetPreferencesCommand(ALICE, null, SELF))
                .expectNoEvents()
                .expectResultMessagePayload(3L);
    }

    @Test
    void resettingDeletedPreferencesIsRefused() {
        fixture.given(CREATED, new PreferencesDeletedEvent(ALICE))
                .when(new ResetPreferencesCommand(ALICE, null, SELF))
                .expectNoEvents()
                .expectException(PreferencesNotFoundException.class);
    }

    @Test
    void resettingWithAStaleVersionIsRefused() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(new ResetPreferencesCommand(ALICE, new ExpectedVersion(1L), SELF))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void deletingEmitsDeleted() {
        fixture.given(CREATED)
                .when(new DeletePreferencesCommand(ALICE, null, SELF))
                .expectEvents(new PreferencesDeletedEvent(ALICE))
                .expectResultMessagePayload(2L);
    }

    @Test
    void deletingTwiceIsRefused() {
        fixture.given(CREATED, new PreferencesDeletedEvent(ALICE))
                .when(new DeletePreferencesCommand(ALICE, null, SELF))
                .expectNoEvents()
                .expectException(PreferencesNotFoundException.class);
    }

    @Test
    void deletingWithAStaleVersionIsRefused() {
        fixture.given(CREATED, new ThemeChangedEvent(ALICE, "light"))
                .when(new DeletePreferencesCommand(ALICE, new ExpectedVersion(3L), SELF))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    private static CreatePreferencesCommand create(ValuesChange values, String tenantId, Caller caller) {
        return new CreatePreferencesCommand(ALICE, tenantId, values, null, caller);
    }

    private static ChangePreferencesCommand change(ValuesChange values) {
        return change(values, null);
    }

    private static ChangePreferencesCommand change(ValuesChange values, ExpectedVersion expected) {
        return new ChangePreferencesCommand(ALICE, values, false, null, expected, SELF);
    }

    private static ChangePreferencesCommand move(String tenantId, Caller caller) {
        return new ChangePreferencesCommand(ALICE, ValuesChange.NONE, true, tenantId, null, caller);
    }

    private static org.hamcrest.Matcher<Throwable> forbidden() {
        return Callers.refusedAs(ProblemType.FORBIDDEN);
    }
}
