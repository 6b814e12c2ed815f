package dev.prefs.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * The master key (and, during a rotation, the previous one). It never encrypts data: it wraps the data keys and the
 * pseudonym key stored in the database. Each key is known in the database only by its check value, a keyed hash
 * that tells which key wrapped a row and whether a process holds the right key, without revealing the key.
 */
public final class MasterKeys {

    private final Map<String, SecretKey> wrappingKeys = new LinkedHashMap<>();
    private final String primary;

    private MasterKeys(byte[] primaryKey, byte[] previousKey) {
        this.primary = add(primaryKey);
        if (previousKey != null && !Arrays.equals(primaryKey, previousKey)) {
            add(previousKey);
        }
    }

    /**
     * The keys from their base64 forms; {@code previous} may be null or blank.
     *
     * @throws MasterKeyException when the primary is missing or either is not 32 bytes of base64
     */
    public static MasterKeys of(String primary, String previous) {
        if (primary == null || primary.isBlank()) {
            throw new MasterKeyException("No master key: PREFS_MASTER_KEY is not set");
        }
        return new MasterKeys(decode(primary, "PREFS_MASTER_KEY"),
                previous == null || previous.isBlank() ? null : decode(previous, "PREFS_MASTER_KEY_PREVIOUS"));
    }

    /** A new random key, base64 (for the standalone's data folder, and tests). */
    public static String generate() {
        return Base64.getEncoder().encodeToString(Aead.randomKeyBytes());
    }

    private static byte[] decode(String base64, String name) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException(name + " is not base64");
        }
        if (raw.length != Aead.KEY_BYTES) {
            throw new MasterKeyException(name + " has " + raw.length + " bytes; a master key has exactly 32");
        }
        return raw;
    }

    private String add(byte[] master) {
        String check = Base64.getUrlEncoder().withoutPadding().encodeToString(
                Arrays.copyOf(Aead.derive(master, "prefs master key check v1"), 16));
        wrappingKeys.put(check, Aead.key(Aead.derive(master, "prefs key wrapping v1")));
        return check;
    }

    /** The check value of the key new rows are wrapped with. */
    public String primaryCheck() {
        return primary;
    }

    /** Whether this process holds the key with {@code check}. */
    public boolean holds(String check) {
        return wrappingKeys.containsKey(check);
    }

    byte[] wrap(byte[] key, String label) {
        return Aead.seal(wrappingKeys.get(primary), label.getBytes(StandardCharsets.UTF_8), key);
    }

    /** The key wrapped by the master key with {@code check}, bound to {@code label}. */
    byte[] unwrap(String check, byte[] wrapped, String label) {
        SecretKey wrapping = wrappingKeys.get(check);
        if (wrapping == null) {
            throw new MasterKeyException("A stored key is wrapped with a master key this process does not hold ("
                                         + check + ")");
        }
        return Aead.open(wrapping, label.getBytes(StandardCharsets.UTF_8), wrapped);
    }
}
