package dev.prefs.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class AeadTest {

    private static final byte[] AAD = "payload\0user/abc\0event-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEXT = "{\"theme\":\"dark\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void opensWhatItSealedAndHidesIt() {
        SecretKey key = Aead.key(Aead.randomKeyBytes());
        byte[] sealed = Aead.seal(key, AAD, TEXT);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("dark");
        assertThat(sealed).hasSize(12 + TEXT.length + 16);
        assertThat(Aead.open(key, AAD, sealed)).isEqualTo(TEXT);
    }

    @Test
    void everyMessageHasItsOwnNonce() {
        SecretKey key = Aead.key(Aead.randomKeyBytes());
        assertThat(Aead.seal(key, AAD, TEXT)).isNotEqualTo(Aead.seal(key, AAD, TEXT));
    }

    @Test
    void refusesAnotherKeyAnotherPlaceOrAnAlteredByte() {
        SecretKey key = Aead.key(Aead.randomKeyBytes());
        byte[] sealed = Aead.seal(key, AAD, TEXT);
        assertThatThrownBy(() -> Aead.open(Aead.key(Aead.randomKeyBytes()), AAD, sealed))
                .isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> Aead.open(key, "payload\0user/abc\0event-2".getBytes(StandardCharsets.UTF_8),
                sealed)).isInstanceOf(Aead.TamperedException.class);
        byte[] altered = sealed.clone();
        altered[20] ^= 1;
        assertThatThrownBy(() -> Aead.open(key, AAD, altered)).isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> Aead.open(key, AAD, new byte[5])).isInstanceOf(Aead.TamperedException.class);
    }

    @Test
    void derivedKeysDependOnPurposeAndKey() {
        byte[] master = Aead.randomKeyBytes();
        assertThat(Aead.derive(master, "a")).hasSize(32).isNotEqualTo(Aead.derive(master, "b"))
                .isEqualTo(Aead.derive(master, "a"));
        assertThat(Aead.derive(Aead.randomKeyBytes(), "a")).isNotEqualTo(Aead.derive(master, "a"));
    }

    @Test
    void aFailedMessageLeavesNothingBehindForTheNext() {
        SecretKey key = Aead.key(Aead.randomKeyBytes());
        byte[] sealed = Aead.seal(key, AAD, TEXT);
        byte[] altered = sealed.clone();
        altered[sealed.length - 1] ^= 1;
        for (int round = 0; round < 3; round++) {
            assertThatThrownBy(() -> Aead.open(key, AAD, altered)).isInstanceOf(Aead.TamperedException.class);
            assertThat(Aead.open(key, AAD, sealed)).isEqualTo(TEXT);
            assertThat(Aead.open(key, AAD, Aead.seal(key, AAD, TEXT))).isEqualTo(TEXT);
        }
    }

    @Test
    void threadsSealingAndOpeningAtOnceDoNotMixTheirMessages() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    SecretKey key = Aead.key(Aead.randomKeyBytes());
                    byte[] mac = Aead.randomKeyBytes();
                    int opened = 0;
                    for (int i = 0; i < 20_000; i++) {
                        byte[] text = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                        byte[] aad = ("aad " + thread + " " + i).getBytes(StandardCharsets.UTF_8);
                        if (!java.util.Arrays.equals(Aead.open(key, aad, Aead.seal(key, aad, text)), text)
                            || !java.util.Arrays.equals(Aead.hmac(mac, text), Aead.hmac(mac, text))) {
                            return opened;
                        }
                        opened++;
                    }
                    return opened;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
