package dev.prefs.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * How events, their metadata and Axon's tokens are written as JSON. Every process that reads or writes the event
 * store uses this one serializer, so what one side writes the other can read (never XStream).
 */
public final class EventJson {

    private EventJson() {
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static Serializer serializer() {
        return new ReusingReaders(JacksonSerializer.builder().objectMapper(objectMapper()));
    }

    /**
     * Axon's Jackson serializer, keeping one {@link ObjectReader} per class instead of asking the mapper for a new
     * one for every payload and every metadata it reads (each new reader looks its root deserializer up in the
     * mapper's shared cache). Every event processor reads every event, so this ran several times per event. Readers
     * are immutable and safe to share; there are as many as event, metadata and token classes.
     */
    static final class ReusingReaders extends JacksonSerializer {

        private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

        ReusingReaders(Builder builder) {
            super(builder);
        }

        @Override
        protected ObjectReader getReader(Class<?> type) {
            return readers.computeIfAbsent(type, super::getReader);
        }
    }
}
