package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.InvalidValueException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParametersTest {

    @Test
    void absentParametersTakeTheirDefaults() {
        assertThat(QueryParameters.minVersion(null)).isZero();
        assertThat(QueryParameters.limit(null)).isEqualTo(50);
        assertThat(QueryParameters.asOf(null)).isEmpty();
        assertThat(QueryParameters.filter(null, null, null))
                .isEqualTo(new PreferencesFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "", "99999999999999999999"})
    void garbageMinVersionIsRefusedNamingTheParameter(String value) {
        assertThatThrownBy(() -> QueryParameters.minVersion(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("minVersion"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "501", "x"})
    void limitOutsideOneToFiveHundredIsRefused(String value) {
        assertThatThrownBy(() -> QueryParameters.limit(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void asOfTakesInstantsWithZoneOrOffset() {
        assertThat(QueryParameters.asOf("2025-01-01T10:00:00Z")).contains(Instant.parse("2025-01-01T10:00:00Z"));
        assertThat(QueryParameters.asOf("2025-01-01T12:00:00+02:00"))
                .contains(Instant.parse("2025-01-01T10:00:00Z"));
        assertThatThrownBy(() -> QueryParameters.asOf("yesterday")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void filtersAreValidatedAndCanonical() {
        assertThat(QueryParameters.filter("light", "en-us", "false")).isEqualTo(
                new PreferencesFilter(Optional.empty(), Optional.of("light"), Optional.of("en-US"), Optional.of(false)));
        assertThatThrownBy(() -> QueryParameters.filter("pink", null, null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("theme"));
        assertThatThrownBy(() -> QueryParameters.filter(null, null, "yes"))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("notificationsEnabled"));
        assertThatThrownBy(() -> QueryParameters.after("not a cursor"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("after"));
    }
}
