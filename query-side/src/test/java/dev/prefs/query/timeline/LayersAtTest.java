package dev.prefs.query.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.Layer;
import dev.prefs.events.NotificationChannels;
import dev.prefs.events.NotificationsChangedEvent;
import dev.prefs.events.PreferenceField;
import dev.prefs.events.PreferenceValues;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.PreferencesDeletedEvent;
import dev.prefs.events.PreferencesMovedEvent;
import dev.prefs.events.PreferencesResetEvent;
import dev.prefs.events.PrefsEvent;
import dev.prefs.events.SystemDefaultsChangedEvent;
import dev.prefs.events.TenantDefaultsChangedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.events.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayersAtTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PreferenceValues LIGHT = new PreferenceValues("light", null, ChannelChoices.NONE);

    @Test
    void anInheritedValueComesFromTheSystemWhichNoEventSetBeforeAnyChange() {
        LayersAt layers = new LayersAt(user(new PreferencesCreatedEvent("u", null, null, null, null)),
                DefaultsLayer.tenant(null), DefaultsLayer.system());

        LayersAt.Explained theme = layers.explain().get(PreferenceField.THEME);

        assertThat(theme.value()).isEqualTo("dark");
        assertThat(theme.source()).isEqualTo(Layer.SYSTEM);
        assertThat(theme.setBy()).isNull();
        assertThat(theme.shadowed()).isEmpty();
    }

    @Test
    void anOwnValueHidesTheTenantsAndTheSystemsAndNamesTheEventThatSetIt() {
        UserLayer user = fold(UserLayer.none("u"), "u",
                new PreferencesCreatedEvent("u", "acme", "system", null, null),
                new NotificationsChangedEvent("u", new ChannelChoices(false, null, null)));
        DefaultsLayer tenant = DefaultsLayer.tenant("acme").apply(event(TenantId.stream("acme"), 0,
                new TenantDefaultsChangedEvent("acme", LIGHT, Set.of())));
        DefaultsLayer system = DefaultsLayer.system().apply(event(SystemDefaultsChangedEvent.STREAM, 0,
                new SystemDefaultsChangedEvent(PreferenceValues.BUILT_IN.with(PreferenceField.THEME, "light"))));

        Map<PreferenceField, LayersAt.Explained> fields = new LayersAt(user, tenant, system).explain();

        LayersAt.Explained theme = fields.get(PreferenceField.THEME);
        assertThat(theme.source()).isEqualTo(Layer.USER);
        assertThat(theme.value()).isEqualTo("system");
        assertThat(theme.setBy()).isEqualTo(new SetBy("user", "u", 1, "PreferencesCreated", T0, "by-u"));
        assertThat(theme.shadowed()).containsExactly(
                new LayersAt.Shadowed(Layer.TENANT, "light", new SetBy("tenant", "acme", 1, "TenantDefaultsChanged",
                        T0, "by-" + TenantId.stream("acme"))),
                new LayersAt.Shadowed(Layer.SYSTEM, "light", new SetBy("system", "system", 1,
                        "SystemDefaultsChanged", T0, "by-system/defaults")));
        LayersAt.Explained email = fields.get(PreferenceField.EMAIL);
        assertThat(email.value()).isEqualTo(false);
        assertThat(email.setBy().version()).isEqualTo(2);
        assertThat(email.setBy().type()).isEqualTo("NotificationsChanged");
        LayersAt.Explained language = fields.get(PreferenceField.LANGUAGE);
        assertThat(language.source()).isEqualTo(Layer.SYSTEM);
        assertThat(language.setBy()).isNull();
    }

    @Test
    void anEnforcedValueKeepsTheUsersChoiceAsShadowedAndItsReleaseRestoresIt() {
        UserLayer user = user(new PreferencesCreatedEvent("u", "acme", "system", null, null));
        String stream = TenantId.stream("acme");
        DefaultsLayer set = DefaultsLayer.tenant("acme").apply(event(stream, 0,
                new TenantDefaultsChangedEvent("acme", LIGHT, Set.of())));
        DefaultsLayer enforced = set.apply(event(stream, 1,
                new TenantDefaultsChangedEvent("acme", LIGHT, Set.of(PreferenceField.THEME))));
        DefaultsLayer released = enforced.apply(event(stream, 2,
                new TenantDefaultsChangedEvent("acme", LIGHT, Set.of())));

        LayersAt.Explained underEnforcement = new LayersAt(user, enforced, DefaultsLayer.system()).explain()
                                                                                             .get(PreferenceField.THEME);
        LayersAt.Explained afterRelease = new LayersAt(user, released, DefaultsLayer.system()).explain()
                                                                                          .get(PreferenceField.THEME);

        assertThat(underEnforcement.source()).isEqualTo(Layer.TENANT_ENFORCED);
        assertThat(underEnforcement.value()).isEqualTo("light");
        assertThat(underEnforcement.setBy().version()).as("the event that began enforcing").isEqualTo(2);
        assertThat(underEnforcement.shadowed()).extracting(LayersAt.Shadowed::source, LayersAt.Shadowed::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Layer.USER, "system"),
                        org.assertj.core.groups.Tuple.tuple(Layer.SYSTEM, "dark"));
        assertThat(afterRelease.source()).isEqualTo(Layer.USER);
        assertThat(afterRelease.value()).isEqualTo("system");
        assertThat(afterRelease.setBy().version()).isEqualTo(1);
    }

    @Test
    void aTenantDefaultNamesTheLastEventThatChangedItsValueNotOneThatCarriedItAgain() {
        String stream = TenantId.stream("acme");
        DefaultsLayer tenant = DefaultsLayer.tenant("acme")
                .apply(event(stream, 0, new TenantDefaultsChangedEvent("acme", LIGHT, Set.of())))
                .apply(event(stream, 1, new TenantDefaultsChangedEvent("acme", LIGHT.with(PreferenceField.SMS,
                        true), Set.of())));

        LayersAt.Explained theme = new LayersAt(user(new PreferencesCreatedEvent("u", "acme", null, null, null)), tenant,
                DefaultsLayer.system()).explain().get(PreferenceField.THEME);

        assertThat(theme.source()).isEqualTo(Layer.TENANT);
        assertThat(theme.setBy().version()).isEqualTo(1);
        assertThat(theme.shadowed()).extracting(LayersAt.Shadowed::source).containsExactly(Layer.SYSTEM);
    }

    @Test
    void theUsersTenantAtAnInstantFollowsCreationAndMoves() {
        List<RecordedEvent> events = List.of(
                event("u", 0, new PreferencesCreatedEvent("u", "a", null, null, null), T0),
                event("u", 1, new PreferencesMovedEvent("u", "b"), T0.plusSeconds(10)),
                event("u", 2, new PreferencesMovedEvent("u", null), T0.plusSeconds(20)),
                event("u", 3, new PreferencesDeletedEvent("u"), T0.plusSeconds(30)));

        assertThat(LayerTimeline.user("u", events, T0.minusSeconds(1)).exists()).isFalse();
        assertThat(LayerTimeline.user("u", events, T0).tenantId()).isEqualTo("a");
        assertThat(LayerTimeline.user("u", events, T0.plusSeconds(15)).tenantId()).isEqualTo("b");
        assertThat(LayerTimeline.user("u", events, T0.plusSeconds(25)).tenantId()).isNull();
        UserLayer deleted = LayerTimeline.user("u", events, Instant.MAX);
        assertThat(deleted.exists()).isFalse();
        assertThat(deleted.version()).isEqualTo(4);
    }

    @Test
    void aClearingResetForgetsWhoSetTheValuesAndARelease2ResetKeepsTheSetterOfAnUnchangedValue() {
        UserLayer user = fold(UserLayer.none("u"), "u",
                new PreferencesCreatedEvent("u", "dark", "en", NotificationChannels.DEFAULT),
                new ThemeChangedEvent("u", "light"),
                new PreferencesResetEvent("u", "dark", "en", NotificationChannels.DEFAULT));

        assertThat(user.setBy().get(PreferenceField.THEME).version()).isEqualTo(3);
        assertThat(user.setBy().get(PreferenceField.LANGUAGE).version()).isEqualTo(1);
        UserLayer cleared = user.apply(event("u", 3, PreferencesResetEvent.clearing("u")));
        assertThat(cleared.values()).isEqualTo(PreferenceValues.NONE);
        assertThat(cleared.setBy()).isEmpty();
    }

    @Test
    void historiesShowExplicitValuesTheTenantAndEnforcement() {
        List<RecordedEvent> userEvents = List.of(
                event("u", 0, new PreferencesCreatedEvent("u", "a", "light", null, null)),
                event("u", 1, new ThemeChangedEvent("u", null)),
                event("u", 2, new PreferencesMovedEvent("u", "b")));
        List<HistoryChange> user = Histories.user("u", userEvents);

        assertThat(user.get(0).changes()).containsOnlyKeys("tenantId", "theme", "language", "notifications.email",
                "notifications.push", "notifications.sms");
        assertThat(user.get(0).changes().get("tenantId")).isEqualTo(new HistoryChange.FieldChange(null, "a"));
        assertThat(user.get(1).changes()).isEqualTo(Map.of("theme", new HistoryChange.FieldChange("light", null)));
        assertThat(user.get(2).changes()).isEqualTo(Map.of("tenantId", new HistoryChange.FieldChange("a", "b")));

        String stream = TenantId.stream("a");
        List<HistoryChange> tenant = Histories.defaults(DefaultsLayer.tenant("a"), List.of(
                event(stream, 0, new TenantDefaultsChangedEvent("a", LIGHT, Set.of())),
                event(stream, 1, new TenantDefaultsChangedEvent("a", LIGHT, Set.of(PreferenceField.THEME)))));
        assertThat(tenant.get(0).changes()).isEqualTo(Map.of("theme", new HistoryChange.FieldChange(null, "light")));
        assertThat(tenant.get(1).changes()).isEqualTo(Map.of("enforced",
                new HistoryChange.FieldChange(List.of(), List.of("theme"))));

        List<HistoryChange> system = Histories.defaults(DefaultsLayer.system(), List.of(event(
                SystemDefaultsChangedEvent.STREAM, 0, new SystemDefaultsChangedEvent(PreferenceValues.BUILT_IN.with(
                        PreferenceField.LANGUAGE, "fr")))));
        assertThat(system.get(0).changes()).isEqualTo(Map.of("language", new HistoryChange.FieldChange("en", "fr")));
        assertThat(system.get(0).changes()).doesNotContainKey("enforced");
    }

    @Test
    void beforeAnyChangeTheSystemsHistoryIsEmptyAndItsLayerTheBuiltInDefaults() {
        assertThat(Histories.defaults(DefaultsLayer.system(), List.of())).isEmpty();
        assertThat(DefaultsLayer.system().values()).isEqualTo(PreferenceValues.BUILT_IN);
        assertThat(DefaultsLayer.system().version()).isZero();
        assertThat(DefaultsLayer.system().valueSetBy(PreferenceField.THEME)).isNull();
    }

    @Test
    void anEventOfAnotherLayerDoesNotApply() {
        assertThatThrownBy(() -> DefaultsLayer.system().apply(event(TenantId.stream("a"), 0,
                new TenantDefaultsChangedEvent("a", LIGHT, Set.of())))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserLayer.none("u").apply(event("u", 0, new ThemeChangedEvent("u", "dark"))))
                .isInstanceOf(IllegalStateException.class);
    }

    private static UserLayer user(PreferencesCreatedEvent created) {
        return UserLayer.none(created.userId()).apply(event(created.userId(), 0, created));
    }

    private static UserLayer fold(UserLayer user, String stream, PrefsEvent... events) {
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            recorded.add(event(stream, user.version() + i, events[i]));
        }
        for (RecordedEvent event : recorded) {
            user = user.apply(event);
        }
        return user;
    }

    private static RecordedEvent event(String stream, long sequence, PrefsEvent payload) {
        return event(stream, sequence, payload, T0);
    }

    private static RecordedEvent event(String stream, long sequence, PrefsEvent payload, Instant at) {
        return new RecordedEvent(stream, sequence, at, payload, "by-" + stream, "corr", Map.of());
    }
}
