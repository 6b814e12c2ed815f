package dev.prefs.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast time stamp parse reads every text as Axon's parser does, and refuses what it refuses. */
class StoredEventEntryTest {

    @Test
    void readsWhatAxonWritesAsAxonReadsIt() {
        Random random = new Random(20261206);
        long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        long[] precisions = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 200_000; i++) {
            long precision = precisions[i % precisions.length];
            Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)),
                    random.nextInt(1_000_000_000) / precision * precision);
            // Axon writes milliseconds; the other two forms keep every digit.
            String stored = DateTimeUtils.formatInstant(instant);
            assertThat(StoredEventEntry.parseTimestamp(stored)).as(stored)
                    .isEqualTo(DateTimeUtils.parseInstant(stored));
            for (String text : new String[] {instant.toString(),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC))}) {
                assertThat(StoredEventEntry.parseTimestamp(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text))
                        .isEqualTo(instant);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59.999999999Z", "2026-12-31T00:00:00Z", "2026-12-06T22:39:04.1Z",
            "2026-12-06T22:39:04.12345678Z", "2026-12-06T22:39:04.123+01:00", "2026-12-06t22:39:04.123z",
            "2026-12-06T22:39Z", "2026-12-06T22:39:04.Z", "0999-01-01T00:00:00Z", "+12026-12-06T22:39:04Z"})
    void readsEdgeCasesAndOtherFormsAsAxonDoes(String text) {
        assertThat(StoredEventEntry.parseTimestamp(text)).isEqualTo(DateTimeUtils.parseInstant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-12-06T24:00:00Z", "2026-12-06T23:60:00Z", "2026-12-06T23:59:60Z",
            "2026-12-06T22:39:04.1234567890Z", "2026-12-06T22:39:04", "2026-12-06 22:39:04Z", "2026-1a-06T22:39:04Z",
            ""})
    void refusesWhatAxonRefuses(String text) {
        assertThatThrownBy(() -> DateTimeUtils.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> StoredEventEntry.parseTimestamp(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void theEntryAnswersTheParsedInstantAndKeepsTheRest() {
        StoredEventEntry entry = new StoredEventEntry("UserPreferences", "u1", 3, "e1", "2026-12-06T22:39:04.5Z",
                "dev.prefs.events.ThemeChangedEvent", null, new byte[] {1}, new byte[] {2});
        assertThat(entry.getTimestamp()).isEqualTo(Instant.parse("2026-12-06T22:39:04.500Z"));
        assertThat(entry.getAggregateIdentifier()).isEqualTo("u1");
        assertThat(entry.getSequenceNumber()).isEqualTo(3);
        assertThat(entry.getPayload().getData()).containsExactly(1);
    }
}
