package dev.prefs.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

class EventJsonReadersTest {

    @Test
    void oneReaderPerClassServesEveryRead() {
        EventJson.ReusingReaders serializer = (EventJson.ReusingReaders) EventJson.serializer();
        assertThat(serializer.getReader(ThemeChangedEvent.class)).isSameAs(serializer.getReader(ThemeChangedEvent.class))
                .isNotSameAs(serializer.getReader(LanguageChangedEvent.class));
    }

    @Test
    void eventsAndMetadataReadBackThroughTheKeptReaders() {
        Serializer serializer = EventJson.serializer();
        for (int round = 0; round < 3; round++) {
            ThemeChangedEvent event = new ThemeChangedEvent("alice-" + round, round % 2 == 0 ? "dark" : "light");
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            assertThat((Object) serializer.deserialize(stored)).isEqualTo(event);
            MetaData metaData = MetaData.with("by", "bob-" + round);
            assertThat((Object) serializer.deserialize(serializer.serialize(metaData, byte[].class))).isEqualTo(metaData);
        }
    }
}
