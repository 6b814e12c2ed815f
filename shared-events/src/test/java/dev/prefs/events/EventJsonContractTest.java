package dev.prefs.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stored JSON of every event is a published contract: events written today must be readable by every later
 * release. These pins fail when a record's name, field or revision changes by accident; a deliberate change needs
 * a new revision and an upcaster instead, as the notification channels did (revision 1 to 2).
 */
class EventJsonContractTest {

    private static final Serializer SERIALIZER = EventJson.serializer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NotificationChannels SMS_ONLY = new NotificationChannels(false, false, true);

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new PreferencesCreatedEvent("alice", "acme", "light", null,
                                new ChannelChoices(false, null, true)), "3",
                        "{\"userId\":\"alice\",\"tenantId\":\"acme\",\"theme\":\"light\",\"language\":null,"
                        + "\"notifications\":{\"email\":false,\"push\":null,\"sms\":true}}"),
                Arguments.of(new ThemeChangedEvent("alice", "system"), "1",
                        "{\"userId\":\"alice\",\"theme\":\"system\"}"),
                Arguments.of(new ThemeChangedEvent("alice", null), "1", "{\"userId\":\"alice\",\"theme\":null}"),
                Arguments.of(new LanguageChangedEvent("alice", "de"), "1", "{\"userId\":\"alice\",\"language\":\"de\"}"),
                Arguments.of(new NotificationsChangedEvent("alice", new NotificationChannels(true, false, true)), "3",
                        "{\"userId\":\"alice\",\"notifications\":{\"email\":true,\"push\":false,\"sms\":true}}"),
                Arguments.of(PreferencesResetEvent.clearing("alice"), "3",
                        "{\"userId\":\"alice\",\"theme\":null,\"language\":null,"
                        + "\"notifications\":{\"email\":null,\"push\":null,\"sms\":null}}"),
                Arguments.of(new PreferencesDeletedEvent("alice"), "1", "{\"userId\":\"alice\"}"),
                Arguments.of(new PreferencesMovedEvent("alice", "globex"), "1",
                        "{\"userId\":\"alice\",\"tenantId\":\"globex\"}"),
                Arguments.of(new TenantDefaultsChangedEvent("acme", new PreferenceValues("light", null,
                                new ChannelChoices(null, null, false)), java.util.Set.of(PreferenceField.SMS)), "1",
                        "{\"tenantId\":\"acme\",\"defaults\":{\"theme\":\"light\",\"language\":null,"
                        + "\"notifications\":{\"email\":null,\"push\":null,\"sms\":false}},"
                        + "\"enforced\":[\"notifications.sms\"]}"),
                Arguments.of(new SystemDefaultsChangedEvent(PreferenceValues.BUILT_IN.with(PreferenceField.THEME,
                                "light")), "1",
                        "{\"defaults\":{\"theme\":\"light\",\"language\":\"en\","
                        + "\"notifications\":{\"email\":true,\"push\":true,\"sms\":false}}}"));
    }

    /** Release 1's stored JSON (revision 1), and what every reader must see it as after upcasting. */
    static Stream<Arguments> releaseOneEvents() {
        return Stream.of(
                Arguments.of(PreferencesCreatedEvent.class,
                        "{\"userId\":\"bob\",\"theme\":\"light\",\"language\":\"de\",\"notificationsEnabled\":true}",
                        new PreferencesCreatedEvent("bob", "light", "de", new NotificationChannels(true, true, false))),
                Arguments.of(PreferencesCreatedEvent.class,
                        "{\"userId\":\"bob\",\"theme\":\"dark\",\"language\":\"en\",\"notificationsEnabled\":false}",
                        new PreferencesCreatedEvent("bob", "dark", "en", new NotificationChannels(false, false, false))),
                Arguments.of(NotificationsChangedEvent.class, "{\"userId\":\"bob\",\"notificationsEnabled\":false}",
                        new NotificationsChangedEvent("bob", new NotificationChannels(false, false, false))),
                Arguments.of(NotificationsChangedEvent.class, "{\"userId\":\"bob\",\"notificationsEnabled\":true}",
                        new NotificationsChangedEvent("bob", new NotificationChannels(true, true, false))),
                Arguments.of(PreferencesResetEvent.class,
                        "{\"userId\":\"bob\",\"theme\":\"dark\",\"language\":\"en\",\"notificationsEnabled\":true}",
                        new PreferencesResetEvent("bob", "dark", "en", NotificationChannels.DEFAULT)));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventIsStoredAsThisJsonAtItsRevision(PrefsEvent event, String revision, String json)
            throws Exception {
        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);

        assertThat(JSON.readTree(stored.getData())).isEqualTo(JSON.readTree(json));
        assertThat(stored.getType().getName()).isEqualTo("dev.prefs.events." + event.getClass().getSimpleName());
        assertThat(stored.getType().getRevision()).isEqualTo(revision);
    }

    @ParameterizedTest
    @MethodSource("events")
    void storedJsonReadsBackAsTheSameEvent(PrefsEvent event, String revision, String json) {
        Object read = SERIALIZER.deserialize(stored(event.getClass(), revision, json));

        assertThat(read).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("releaseOneEvents")
    void releaseOneEventsAreUpcastToChannelsThenToExplicitValues(Class<?> type, String json,
                                                                 PreferencesEvent expected) {
        List<IntermediateEventRepresentation> upcast = Upcasters.chain()
                .upcast(Stream.of(representation(type, "1", json))).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("3");
        assertThat((Object) SERIALIZER.deserialize(upcast.get(0).getData())).isEqualTo(expected);
    }

    /** Release 2's creations, resets and channel changes keep every value, now explicit; a creation has no tenant. */
    @Test
    void releaseTwoEventsReadAsExplicitValuesWithoutATenant() {
        String created = "{\"userId\":\"bob\",\"theme\":\"light\",\"language\":\"de\","
                         + "\"notifications\":{\"email\":false,\"push\":true,\"sms\":true}}";
        String reset = "{\"userId\":\"bob\",\"theme\":\"dark\",\"language\":\"en\","
                       + "\"notifications\":{\"email\":true,\"push\":true,\"sms\":false}}";
        List<IntermediateEventRepresentation> upcast = Upcasters.chain().upcast(Stream.of(
                representation(PreferencesCreatedEvent.class, "2", created),
                representation(PreferencesResetEvent.class, "2", reset))).toList();

        assertThat(upcast).extracting(r -> r.getType().getRevision()).containsExactly("3", "3");
        assertThat((Object) SERIALIZER.deserialize(upcast.get(0).getData())).isEqualTo(new PreferencesCreatedEvent(
                "bob", null, "light", "de", new ChannelChoices(false, true, true)));
        assertThat((Object) SERIALIZER.deserialize(upcast.get(1).getData())).isEqualTo(new PreferencesResetEvent(
                "bob", "dark", "en", new ChannelChoices(true, true, false)));
    }

    @Test
    void currentEventsAndOtherTypesPassThroughUnchanged() {
        String themeJson = "{\"userId\":\"bob\",\"theme\":\"light\"}";
        String channelsJson = "{\"userId\":\"bob\",\"notifications\":{\"email\":false,\"push\":true,\"sms\":null}}";
        List<IntermediateEventRepresentation> upcast = Upcasters.chain().upcast(Stream.of(
                representation(ThemeChangedEvent.class, "1", themeJson),
                representation(NotificationsChangedEvent.class, "3", channelsJson))).toList();

        assertThat(upcast).extracting(r -> r.getType().getRevision()).containsExactly("1", "3");
        assertThat((Object) SERIALIZER.deserialize(upcast.get(0).getData())).isEqualTo(new ThemeChangedEvent("bob", "light"));
        assertThat((Object) SERIALIZER.deserialize(upcast.get(1).getData()))
                .isEqualTo(new NotificationsChangedEvent("bob", new ChannelChoices(false, true, null)));
    }

    @Test
    void aRevisionOneEventCannotBeReadWithoutTheUpcaster() {
        SimpleSerializedObject<byte[]> releaseOne = stored(NotificationsChangedEvent.class, "1",
                "{\"userId\":\"bob\",\"notificationsEnabled\":true}");

        assertThatThrownBy(() -> SERIALIZER.deserialize(releaseOne)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theSwitchMeansWhatTheContractSays() {
        NotificationChannels smsOn = new NotificationChannels(false, false, true);

        assertThat(NotificationChannels.fromSwitch(true)).isEqualTo(new NotificationChannels(true, true, false));
        assertThat(NotificationChannels.fromSwitch(false).anyOn()).isFalse();
        assertThat(smsOn.anyOn()).isTrue();
        assertThat(smsOn.afterSwitch(true)).isEqualTo(new NotificationChannels(true, true, true));
        assertThat(smsOn.afterSwitch(false)).isEqualTo(new NotificationChannels(false, false, false));
        assertThat(smsOn.with(null, true, null)).isEqualTo(new NotificationChannels(false, true, true));
    }

    private static SimpleSerializedObject<byte[]> stored(Class<?> type, String revision, String json) {
        return new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class, type.getName(),
                revision);
    }

    private static IntermediateEventRepresentation representation(Class<?> type, String revision, String json) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("UserPreferences", "bob", 0,
                "event-1", Instant.parse("2026-11-23T10:00:00Z"), type.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, SERIALIZER);
    }
}
