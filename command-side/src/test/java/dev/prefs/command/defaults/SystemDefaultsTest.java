package dev.prefs.command.defaults;

import static dev.prefs.command.preferences.Callers.admin;
import static dev.prefs.command.preferences.Callers.tenantAdmin;

import dev.prefs.command.preferences.Callers;
import dev.prefs.command.preferences.ExpectedVersion;
import dev.prefs.command.preferences.InvalidPreferencesException;
import dev.prefs.command.preferences.ValuesChange;
import dev.prefs.command.preferences.VersionMismatchException;
import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.platform.problem.ProblemType;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SystemDefaultsTest {

    private static final ChannelChoices BUILT_IN_CHANNELS = PreferenceValues.BUILT_IN.notifications();
    private static final SystemDefaultsChangedEvent LIGHT = new SystemDefaultsChangedEvent(
            new PreferenceValues("light", "en", BUILT_IN_CHANNELS));

    private AggregateTestFixture<SystemDefaults> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SystemDefaults.class);
    }

    @Test
    void theFirstChangeStartsFromTheBuiltInValues() {
        fixture.givenNoPriorActivity()
                .when(change(theme("light")))
                .expectEvents(LIGHT)
                .expectResultMessagePayload(1L);
    }

    @Test
    void aChangeToTheBuiltInValuesBeforeAnyChangeEmitsNothing() {
        fixture.givenNoPriorActivity()
                .when(change(theme("dark").with(PreferenceField.SMS, false)))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void nullReturnsAFieldToItsBuiltInValue() {
        fixture.given(new SystemDefaultsChangedEvent(new PreferenceValues("light", "de",
                        new ChannelChoices(true, true, true))))
                .when(change(ValuesChange.NONE.with(PreferenceField.LANGUAGE, null)
                        .with(PreferenceField.SMS, null)))
                .expectEvents(LIGHT);
    }

    @Test
    void theSwitchWorksOnTheSystemsChannels() {
        fixture.given(LIGHT)
                .when(change(ValuesChange.NONE.switching(false)))
                .expectEvents(new SystemDefaultsChangedEvent(new PreferenceValues("light", "en",
                        new ChannelChoices(false, false, false))));
    }

    @Test
    void aChangeThatChangesNothingEmitsNothing() {
        fixture.given(LIGHT)
                .when(change(theme("light")))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void invalidValuesAreRefused() {
        fixture.given(LIGHT)
                .when(change(ValuesChange.NONE.with(PreferenceField.LANGUAGE, "not a tag")))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class);
    }

    @Test
    void ifMatchHoldsOnlyForTheCurrentVersion() {
        fixture.given(LIGHT)
                .when(new ChangeSystemDefaultsCommand(theme("system"), new ExpectedVersion(1L), admin()))
                .expectEvents(new SystemDefaultsChangedEvent(new PreferenceValues("system", "en",
                        BUILT_IN_CHANNELS)));
        fixture.given(LIGHT)
                .when(new ChangeSystemDefaultsCommand(theme("system"), new ExpectedVersion(2L), admin()))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
        fixture.givenNoPriorActivity()
                .when(new ChangeSystemDefaultsCommand(theme("system"), ExpectedVersion.ANY, admin()))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void onlyAnAdminMayChangeThem() {
        fixture.givenNoPriorActivity()
                .when(new ChangeSystemDefaultsCommand(theme("light"), null, tenantAdmin("acme")))
                .expectNoEvents()
                .expectException(Callers.refusedAs(ProblemType.FORBIDDEN));
    }

    private static ValuesChange theme(String theme) {
        return ValuesChange.NONE.with(PreferenceField.THEME, theme);
    }

    private static ChangeSystemDefaultsCommand change(ValuesChange values) {
        return new ChangeSystemDefaultsCommand(values, null, admin());
    }
}
