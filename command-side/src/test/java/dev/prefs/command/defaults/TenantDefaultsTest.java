package dev.prefs.command.defaults;

import static dev.prefs.command.preferences.Callers.admin;
import static dev.prefs.command.preferences.Callers.tenantAdmin;
import static dev.prefs.command.preferences.Callers.userOf;

import dev.prefs.command.preferences.Callers;
import dev.prefs.command.preferences.ExpectedVersion;
import dev.prefs.command.preferences.InvalidPreferencesException;
import dev.prefs.command.preferences.ValuesChange;
import dev.prefs.command.preferences.VersionMismatchException;
import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.Caller;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantDefaultsTest {

    private static final String ACME = "acme";
    private static final PreferenceValues LIGHT = new PreferenceValues("light", null, ChannelChoices.NONE);
    private static final TenantDefaultsChangedEvent LIGHT_SET = new TenantDefaultsChangedEvent(ACME, LIGHT, Set.of());
    private static final TenantDefaultsChangedEvent LIGHT_ENFORCED =
            new TenantDefaultsChangedEvent(ACME, LIGHT, Set.of(PreferenceField.THEME));

    private AggregateTestFixture<TenantDefaults> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantDefaults.class);
    }

    @Test
    void theFirstChangeCreatesTheTenantsDefaults() {
        fixture.givenNoPriorActivity()
                .when(change(theme("light")))
                .expectEvents(LIGHT_SET)
                .expectResultMessagePayload(1L);
    }

    @Test
    void theEventCarriesTheWholeLayerAfterTheChange() {
        fixture.given(LIGHT_ENFORCED)
                .when(change(ValuesChange.NONE.with(PreferenceField.LANGUAGE, "de-at").switching(false)))
                .expectEvents(new TenantDefaultsChangedEvent(ACME, new PreferenceValues("light", "de-AT",
                        new ChannelChoices(false, false, false)), Set.of(PreferenceField.THEME)))
                .expectResultMessagePayload(2L);
    }

    @Test
    void settingADefaultAndEnforcingItInOneChange() {
        fixture.givenNoPriorActivity()
                .when(change(theme("light"), Map.of(PreferenceField.THEME, true)))
                .expectEvents(LIGHT_ENFORCED);
    }

    @Test
    void enforcingAFieldWithoutADefaultIsRefused() {
        fixture.given(LIGHT_SET)
                .when(change(ValuesChange.NONE, Map.of(PreferenceField.SMS, true)))
                .expectNoEvents()
                .expectException(Callers.refusedAs(ProblemType.ENFORCED_WITHOUT_DEFAULT))
                .expectExceptionMessage(Matchers.containsString("notifications.sms"));
    }

    @Test
    void removingTheDefaultOfAnEnforcedFieldIsRefused() {
        fixture.given(LIGHT_ENFORCED)
                .when(change(theme(null)))
                .expectNoEvents()
                .expectException(Callers.refusedAs(ProblemType.ENFORCED_WITHOUT_DEFAULT));
    }

    @Test
    void removingADefaultTogetherWithItsEnforcementIsAllowed() {
        fixture.given(LIGHT_ENFORCED)
                .when(change(theme(null), Map.of(PreferenceField.THEME, false)))
                .expectEvents(new TenantDefaultsChangedEvent(ACME, PreferenceValues.NONE, Set.of()));
    }

    @Test
    void nullRemovesADefault() {
        fixture.given(new TenantDefaultsChangedEvent(ACME, new PreferenceValues("light", "de",
                        new ChannelChoices(null, null, true)), Set.of()))
                .when(change(ValuesChange.NONE.with(PreferenceField.LANGUAGE, null).with(PreferenceField.SMS, null)))
                .expectEvents(LIGHT_SET);
    }

    @Test
    void stoppingEnforcementKeepsTheDefault() {
        fixture.given(LIGHT_ENFORCED)
                .when(change(ValuesChange.NONE, Map.of(PreferenceField.THEME, false)))
                .expectEvents(LIGHT_SET);
    }

    @Test
    void aChangeThatChangesNothingEmitsNothing() {
        fixture.given(LIGHT_ENFORCED)
                .when(change(theme("light"), Map.of(PreferenceField.THEME, true, PreferenceField.SMS, false)))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void anEmptyFirstChangeEmitsNothingAndAnswersVersionZero() {
        fixture.givenNoPriorActivity()
                .when(change(ValuesChange.NONE))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void invalidValuesAreRefusedListingEachField() {
        fixture.given(LIGHT_SET)
                .when(change(ValuesChange.NONE.with(PreferenceField.THEME, "blue")
                        .with(PreferenceField.LANGUAGE, "not a tag")))
                .expectNoEvents()
                .expectException(InvalidPreferencesException.class)
                .expectExceptionMessage(Matchers.allOf(Matchers.containsString("theme"),
                        Matchers.containsString("language")));
    }

    @Test
    void ifMatchHoldsOnlyForTheCurrentVersion() {
        fixture.given(LIGHT_SET)
                .when(change(theme("dark"), Map.of(), new ExpectedVersion(1L), admin()))
                .expectEvents(new TenantDefaultsChangedEvent(ACME, new PreferenceValues("dark", null, null),
                        Set.of()));
        fixture.given(LIGHT_SET, LIGHT_ENFORCED)
                .when(change(theme("dark"), Map.of(), new ExpectedVersion(1L), admin()))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void ifMatchNeverHoldsForDefaultsNeverSet() {
        fixture.givenNoPriorActivity()
                .when(change(theme("dark"), Map.of(), ExpectedVersion.ANY, admin()))
                .expectNoEvents()
                .expectException(VersionMismatchException.class);
    }

    @Test
    void theTenantsAdminMayChangeItButNoOtherTenantsAdminNorAUser() {
        fixture.givenNoPriorActivity()
                .when(change(theme("light"), Map.of(), null, tenantAdmin(ACME)))
                .expectEvents(LIGHT_SET);
        for (Caller outsider : new Caller[] {tenantAdmin("globex"), userOf("bob", ACME)}) {
            fixture.given(LIGHT_SET)
                    .when(change(theme("dark"), Map.of(), null, outsider))
                    .expectNoEvents()
                    .expectException(Callers.refusedAs(ProblemType.FORBIDDEN));
        }
    }

    private static ValuesChange theme(String theme) {
        return ValuesChange.NONE.with(PreferenceField.THEME, theme);
    }

    private static ChangeTenantDefaultsCommand change(ValuesChange values) {
        return change(values, Map.of());
    }

    private static ChangeTenantDefaultsCommand change(ValuesChange values, Map<PreferenceField, Boolean> enforced) {
        return change(values, enforced, null, admin());
    }

    private static ChangeTenantDefaultsCommand change(ValuesChange values, Map<PreferenceField, Boolean> enforced,
                                                      ExpectedVersion expected, Caller caller) {
        return new ChangeTenantDefaultsCommand(ACME, values, enforced, expected, caller);
    }
}
