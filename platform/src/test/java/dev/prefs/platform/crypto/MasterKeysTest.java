package dev.prefs.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

    @Test
    void refusesAMissingOrMalformedKeyWithItsName() {
        assertThatThrownBy(() -> MasterKeys.of(null, null)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("PREFS_MASTER_KEY is not set");
        assertThatThrownBy(() -> MasterKeys.of("not base64!", null)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("not base64");
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKeys.of(short16, null)).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> MasterKeys.of(MasterKeys.generate(), short16))
                .hasMessageContaining("PREFS_MASTER_KEY_PREVIOUS");
    }

    @Test
    void unwrapsWithTheKeyThatWrappedDuringARotation() {
        String old = MasterKeys.generate();
        String next = MasterKeys.generate();
        MasterKeys before = MasterKeys.of(old, null);
        byte[] dataKey = Aead.randomKeyBytes();
        byte[] wrapped = before.wrap(dataKey, "user/x");

        MasterKeys during = MasterKeys.of(next, old);
        assertThat(during.primaryCheck()).isNotEqualTo(before.primaryCheck());
        assertThat(during.unwrap(before.primaryCheck(), wrapped, "user/x")).isEqualTo(dataKey);
        assertThatThrownBy(() -> during.unwrap(before.primaryCheck(), wrapped, "user/y"))
                .isInstanceOf(Aead.TamperedException.class);

        MasterKeys after = MasterKeys.of(next, null);
        assertThatThrownBy(() -> after.unwrap(before.primaryCheck(), wrapped, "user/x"))
                .isInstanceOf(MasterKeyException.class);
        assertThat(MasterKeys.of(old, null).primaryCheck()).isEqualTo(before.primaryCheck());
    }

    @Test
    void theCheckValueDoesNotRevealTheKey() {
        String key = MasterKeys.generate();
        assertThat(MasterKeys.of(key, null).primaryCheck()).doesNotContain(key.substring(0, 8));
    }
}
