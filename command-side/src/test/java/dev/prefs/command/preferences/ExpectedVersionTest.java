package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedVersionTest {

    @Test
    void noHeaderDemandsNothing() {
        assertThat(ExpectedVersion.fromIfMatch(null)).isNull();
    }

    @Test
    void aQuotedVersionDemandsThatVersion() {
        ExpectedVersion expected = ExpectedVersion.fromIfMatch("\"12\"");
        assertThat(expected.matches(12)).isTrue();
        assertThat(expected.matches(11)).isFalse();
    }

    @Test
    void starMatchesAnyVersion() {
        assertThat(ExpectedVersion.fromIfMatch(" * ").matches(7)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "W/\"3\"", "\"3\", \"4\"", "\"-1\"", "\"abc\"", "\"\"", "\"03\"",
                            "\"99999999999999999999\""})
    void anythingElseIsInvalid(String header) {
        assertThatThrownBy(() -> ExpectedVersion.fromIfMatch(header))
                .isInstanceOf(InvalidPreferencesException.class);
    }
}
