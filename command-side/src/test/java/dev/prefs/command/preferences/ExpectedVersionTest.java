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

    @Test
    void aListMatchesWhenAnyMemberDoes() {
        ExpectedVersion expected = ExpectedVersion.fromIfMatch("\"1\", \"2\" ,, W/\"3\"");
        assertThat(expected.matches(1)).isTrue();
        assertThat(expected.matches(2)).isTrue();
        assertThat(expected.matches(3)).as("a weak tag never matches If-Match").isFalse();
    }

    @Test
    void aUserGetsEtagMatchesOnTheUsersVersionOnly() {
        ExpectedVersion expected = ExpectedVersion.fromIfMatch("\"5.3.1.3\"");
        assertThat(expected.matchesUserVersion(5)).isTrue();
        assertThat(expected.matchesUserVersion(3)).isFalse();
        assertThat(expected.matches(5)).as("a layer's version is only ever \"N\"").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"5.3.1\"", "\"5.3.1.3.2\"", "\"05.3.1.3\"", "\"5.x.1.3\"", "W/\"5.3.1.3\"",
                            "\"5.03.1.3\"", "\"5..1.3\""})
    void tagsThatAreNotAUserGetsEtagOfVersion5NeverMatchIt(String header) {
        assertThat(ExpectedVersion.fromIfMatch(header).matchesUserVersion(5)).as(header).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"W/\"3\"", "\"abc\"", "\"\"", "\"03\"", "\"-3\"", "\"99999999999999999999\"",
                            "W/\"3\", W/\"4\""})
    void tagsNoVersionHasAreValidButNeverMatch(String header) {
        ExpectedVersion expected = ExpectedVersion.fromIfMatch(header);
        for (long version = 0; version < 10; version++) {
            assertThat(expected.matches(version)).as(header + " against " + version).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3", "3\"", "garbage", "\"3\" \"4\"", "*, \"3\"", ",", "W/3", "\"a\"b\""})
    void anythingThatIsNotEntityTagsIsInvalid(String header) {
        assertThatThrownBy(() -> ExpectedVersion.fromIfMatch(header))
                .isInstanceOf(InvalidPreferencesException.class);
    }
}
