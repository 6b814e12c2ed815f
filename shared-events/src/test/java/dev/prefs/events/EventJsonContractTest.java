package dev.prefs.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stored JSON of every event is a published contract: events written today must be readable by every later
 * release. These pins fail when a record's name, field or revision changes by accident; a deliberate change needs
 * a new revision and an upcaster instead.
 */
class EventJsonContractTest {

    private static final Serializer SERIALIZER = EventJson.serializer();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new PreferencesCreatedEvent("alice", "light", "pt-BR", false),
                        "{\"userId\":\"alice\",\"theme\":\"light\",\"language\":\"pt-BR\",\"notificationsEnabled\":false}"),
                Arguments.of(new ThemeChangedEvent("alice", "system"), "{\"userId\":\"alice\",\"theme\":\"system\"}"),
                Arguments.of(new LanguageChangedEvent("alice", "de"), "{\"userId\":\"alice\",\"language\":\"de\"}"),
                Arguments.of(new NotificationsChangedEvent("alice", true),
                        "{\"userId\":\"alice\",\"notificationsEnabled\":true}"),
                Arguments.of(new PreferencesResetEvent("alice", "dark", "en", true),
                        "{\"userId\":\"alice\",\"theme\":\"dark\",\"language\":\"en\",\"notificationsEnabled\":true}"),
                Arguments.of(new PreferencesDeletedEvent("alice"), "{\"userId\":\"alice\"}"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventIsStoredAsThisJsonAtRevisionOne(PreferencesEvent event, String json) throws Exception {
        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);

        assertThat(JSON.readTree(stored.getData())).isEqualTo(JSON.readTree(json));
        assertThat(stored.getType().getName()).isEqualTo("dev.prefs.events." + event.getClass().getSimpleName());
        assertThat(stored.getType().getRevision()).isEqualTo("1");
    }

    @ParameterizedTest
    @MethodSource("events")
    void storedJsonReadsBackAsTheSameEvent(PreferencesEvent event, String json) {
        SimpleSerializedObject<byte[]> stored = new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8),
                byte[].class, event.getClass().getName(), "1");

        Object read = SERIALIZER.deserialize(stored);

        assertThat(read).isEqualTo(event);
    }
}
