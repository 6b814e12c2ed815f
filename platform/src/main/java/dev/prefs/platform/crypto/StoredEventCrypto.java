package dev.prefs.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * How a user's events are stored: under the stream's pseudonym, payload and metadata each sealed with the user's
 * data key (AES-256-GCM; associated data: which column, the pseudonym and the event id). Payload type, revision,
 * aggregate type, sequence number, time stamp and global index stay in clear. The layers' streams
 * ({@code tenant/..}, {@code system/defaults}) are not personal and stay in clear, and so do rows written before
 * this release (read as they are, until the copy job encrypts them).
 * <p>
 * Reading decrypts and puts the user id back as the aggregate identifier, so everything reading through the event
 * store sees clear events. An event whose key is gone (erased) reads as payload type {@value #ERASED_PAYLOAD_TYPE},
 * which is no class: Axon hands it to no handler, so every fold skips it. The query side's direct SQL readers use
 * {@link #decode} and {@link #storedStreamId} too.
 */
public final class StoredEventCrypto {

    /** The payload type an event reads as once its key was deleted. */
    public static final String ERASED_PAYLOAD_TYPE = "dev.prefs.erased";
    private static final byte[] MAGIC = {0, 'P', 'E', '1'};
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    private final PersonalDataKeys keys;

    public StoredEventCrypto(PersonalDataKeys keys) {
        this.keys = keys;
    }

    public PersonalDataKeys keys() {
        return keys;
    }

    /** What is stored as the aggregate identifier of {@code aggregateId}: a user's pseudonym, a layer's own id. */
    public String storedStreamId(String aggregateId) {
        return PersonalDataKeys.isUserStream(aggregateId) ? keys.pseudonym(aggregateId) : aggregateId;
    }

    /** A row's columns as stored. */
    public record Sealed(String aggregateId, byte[] payload, byte[] metaData) {
    }

    /**
     * The columns to store for an event of {@code aggregateId}, creating the user's key if needed; {@code metaData}
     * may be null. For whatever writes stored rows itself (the copy job, test and benchmark loaders).
     */
    public Sealed seal(String aggregateId, String eventId, byte[] payload, byte[] metaData) {
        if (!PersonalDataKeys.isUserStream(aggregateId)) {
            return new Sealed(aggregateId, payload, metaData);
        }
        PersonalDataKeys.UserKey key = keys.keyForWrite(aggregateId);
        return new Sealed(key.pseudonym(),
                frame(Aead.seal(key.key(), associatedData("payload", key.pseudonym(), eventId), payload)),
                metaData == null ? null
                        : frame(Aead.seal(key.key(), associatedData("meta_data", key.pseudonym(), eventId), metaData)));
    }

    /**
     * Reads or creates, all at once ({@link PersonalDataKeys#keysForWrite}), the keys of the users among
     * {@code aggregateIds} (layers' streams are skipped), so the {@link #seal} calls that follow find them in the
     * cache rather than taking up to four statements per new user. For writers of many users (the copy job, the
     * benchmark loader); should the cache drop some meanwhile, {@code seal} fetches those again one by one.
     */
    public void prepareKeys(Collection<String> aggregateIds) {
        List<String> users = aggregateIds.stream().filter(PersonalDataKeys::isUserStream).toList();
        if (!users.isEmpty()) {
            keys.keysForWrite(users);
        }
    }

    /** Whether a stored payload or metadata value is encrypted (else it is the serializer's clear JSON). */
    public static boolean isSealed(byte[] stored) {
        return stored != null && stored.length > MAGIC.length
               && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** A stored event as it was written: decrypted, with the user id as aggregate identifier, or read as erased. */
    public DomainEventData<?> decode(DomainEventData<?> stored) {
        return decode(stored, keys::keyOf);
    }

    /** {@link #decode(DomainEventData)} of a tracked event, keeping its token. */
    public TrackedEventData<?> decode(TrackedEventData<?> stored) {
        return decode(stored, keys::keyOf);
    }

    /**
     * {@link #decode(TrackedEventData)} of every event of {@code stored}, in the same order, with the keys of all
     * their streams looked up at once ({@link PersonalDataKeys#keysOf}): for the processors' batches and bulk reads.
     */
    public List<TrackedEventData<?>> decodeAll(List<? extends TrackedEventData<?>> stored) {
        Set<String> pseudonyms = new LinkedHashSet<>();
        for (TrackedEventData<?> event : stored) {
            if (event instanceof DomainEventData<?> domain && isSealed((byte[]) domain.getPayload().getData())) {
                pseudonyms.add(domain.getAggregateIdentifier());
            }
        }
        Map<String, Optional<PersonalDataKeys.UserKey>> found =
                pseudonyms.isEmpty() ? Map.of() : keys.keysOf(pseudonyms);
        List<TrackedEventData<?>> decoded = new ArrayList<>(stored.size());
        for (TrackedEventData<?> event : stored) {
            decoded.add(decode(event, found::get));
        }
        return decoded;
    }

    private TrackedEventData<?> decode(TrackedEventData<?> stored,
                                       Function<String, Optional<PersonalDataKeys.UserKey>> keyOf) {
        if (stored instanceof DomainEventData<?> domain) {
            DomainEventData<?> decoded = decode(domain, keyOf);
            return decoded == domain ? stored : new TrackedDomainEventData<>(stored.trackingToken(), decoded);
        }
        return stored;
    }

    private DomainEventData<?> decode(DomainEventData<?> stored,
                                      Function<String, Optional<PersonalDataKeys.UserKey>> keyOf) {
        SerializedObject<?> storedPayload = stored.getPayload();
        byte[] payload = (byte[]) storedPayload.getData();
        if (!isSealed(payload)) {
            return stored;
        }
        String pseudonym = stored.getAggregateIdentifier();
        Optional<PersonalDataKeys.UserKey> key = keyOf.apply(pseudonym);
        if (key.isEmpty()) {
            return new GenericDomainEventEntry<>(stored.getType(), pseudonym, stored.getSequenceNumber(),
                    stored.getEventIdentifier(), stored.getTimestamp(), ERASED_PAYLOAD_TYPE, null, EMPTY_JSON,
                    EMPTY_JSON);
        }
        SerializedObject<?> storedMetaData = stored.getMetaData();
        byte[] metaData = storedMetaData == null ? null : (byte[]) storedMetaData.getData();
        String eventId = stored.getEventIdentifier();
        SerializedType type = storedPayload.getType();
        return new Opened(stored, key.get().userId(),
                new SimpleSerializedObject<>(
                        Aead.open(key.get().key(), associatedData("payload", pseudonym, eventId), unframe(payload)),
                        byte[].class, type.getName(), type.getRevision()),
                isSealed(metaData)
                        ? new SerializedMetaData<>(Aead.open(key.get().key(),
                                associatedData("meta_data", pseudonym, eventId), unframe(metaData)), byte[].class)
                        : storedMetaData);
    }

    /**
     * A user's event as read back: the stored row with the user id for the pseudonym and its payload and metadata
     * opened. The rest is the stored row's own, so its time stamp is parsed once, when the message asks for it
     * (copying it into a new entry parsed it and wrote it back as text for every event and every processor).
     */
    private record Opened(DomainEventData<?> stored, String userId, SerializedObject<byte[]> payload,
                          SerializedObject<?> metaData) implements DomainEventData<Object> {

        @Override
        public String getType() {
            return stored.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return userId;
        }

        @Override
        public long getSequenceNumber() {
            return stored.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return stored.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return stored.getTimestamp();
        }

        @Override
        @SuppressWarnings("unchecked")
        public SerializedObject<Object> getMetaData() {
            return (SerializedObject<Object>) metaData;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SerializedObject<Object> getPayload() {
            return (SerializedObject<Object>) (SerializedObject<?>) payload;
        }
    }

    private static byte[] associatedData(String column, String pseudonym, String eventId) {
        return (column + "\0" + pseudonym + "\0" + eventId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] frame(byte[] sealed) {
        byte[] framed = Arrays.copyOf(MAGIC, MAGIC.length + sealed.length);
        System.arraycopy(sealed, 0, framed, MAGIC.length, sealed.length);
        return framed;
    }

    private static byte[] unframe(byte[] framed) {
        return Arrays.copyOfRange(framed, MAGIC.length, framed.length);
    }
}
