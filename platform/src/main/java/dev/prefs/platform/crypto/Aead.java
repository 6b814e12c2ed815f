package dev.prefs.platform.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one cipher of the service: AES-256-GCM from the JDK, a fresh random 96-bit nonce for every message, a 128-bit
 * tag, and associated data binding the ciphertext to where it is stored (so a ciphertext moved to another row fails
 * its tag). A sealed value is {@code nonce || ciphertext || tag}. Keys are derived with HMAC-SHA256 (HKDF-Expand of
 * one block, RFC 5869, the input keys being uniformly random already).
 * <p>
 * Each thread keeps one {@link Cipher} and one {@link Mac} and initialises it for every message: looking a cipher up
 * ({@code Cipher.getInstance}) cost about 3.6 µs against 0.65 µs for opening a 70-byte message with a kept one, and
 * a rebuild opens two messages per event. Every use starts with {@code init}, which resets whatever a previous
 * message (even a failed one) left in it, and encryption always gets a fresh nonce, which GCM requires of a re-used
 * cipher.
 */
final class Aead {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    });

    private Aead() {
    }

    static SecretKey key(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("An AES-256 key has 32 bytes, not " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    static byte[] randomKeyBytes() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return raw;
    }

    static byte[] seal(SecretKey key, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext; {@link TamperedException} if the key, the associated data or a byte is not what sealed it. */
    static byte[] open(SecretKey key, byte[] associatedData, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new TamperedException();
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new TamperedException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** A 32-byte key for {@code purpose} derived from {@code key} (HKDF-Expand, one block). */
    static byte[] derive(byte[] key, String purpose) {
        byte[] info = purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return hmac(key, input);
    }

    /** A ciphertext that its key and associated data did not produce (wrong key, moved or altered bytes). */
    static final class TamperedException extends RuntimeException {
        TamperedException() {
            super("The ciphertext does not verify under this key and associated data");
        }
    }
}
