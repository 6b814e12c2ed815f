package dev.prefs.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRulesTest {

    @ParameterizedTest
    @CsvSource({"en, en", "en-us, en-US", "EN-us, en-US", "pt-br, pt-BR", "zh-hant-tw, zh-Hant-TW",
                "de-CH-1996, de-CH-1996", "sr-latn, sr-Latn", "es-419, es-419", "und, und"})
    void languageTagsAreAnsweredInCanonicalForm(String tag, String canonical) {
        assertThat(LanguageTag.canonical(tag)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"en_US", "english!", "e", "123", "en--us", "-en", "en-", " en", "x",
                            "en-US-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                            "'; DROP TABLE domain_event_entry; --"})
    void malformedLanguageTagsAreRefusedAsTheLanguageField(String tag) {
        assertThatThrownBy(() -> LanguageTag.canonical(tag))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("language"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "user-42", "a.b_c:d@e-f", "A1"})
    void userIdsOfTheAllowedCharactersAreValid(String userId) {
        assertThat(UserId.require(userId)).isEqualTo(userId);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"alice bob", "../etc/passwd", "a/b", "é", "a\u0000b", "a%2Fb", "auth0|x"})
    void otherUserIdsAreRefused(String userId) {
        assertThat(UserId.isValid(userId)).isFalse();
        assertThatThrownBy(() -> UserId.require(userId)).isInstanceOf(InvalidValueException.class);
    }

    @org.junit.jupiter.api.Test
    void userIdsAreAtMost128Characters() {
        assertThat(UserId.isValid("a".repeat(128))).isTrue();
        assertThat(UserId.isValid("a".repeat(129))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dark", "light", "system"})
    void theThemesAreKnownExactlyAsWritten(String theme) {
        assertThat(Theme.fromWire(theme).wire()).isEqualTo(theme);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dark", "LIGHT", "blue", "", " dark"})
    void anyOtherThemeIsRefusedWithTheAllowedValues(String theme) {
        assertThatThrownBy(() -> Theme.fromWire(theme))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("dark, light, system");
    }
}
