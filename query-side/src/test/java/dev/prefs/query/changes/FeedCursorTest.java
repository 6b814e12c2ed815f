package dev.prefs.query.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prefs.events.InvalidValueException;
import org.junit.jupiter.api.Test;

class FeedCursorTest {

    @Test
    void aCursorNamesItsPositionAndNothingElseReadsAsOne() {
        for (long position : new long[]{0, 1, 41, Long.MAX_VALUE}) {
            assertThat(FeedCursor.position(FeedCursor.of(position), "after")).isEqualTo(position);
        }
        assertThat(FeedCursor.of(1)).isEqualTo("Y2YxOjE");
        for (String bad : new String[]{"", "garbage", "Y2YxOi0x", "Y2YxOjAx", "Y2YyOjE", "Y2YxOjk5OTk5OTk5OTk5OTk5OTk5OTk5",
                "Y2Yx Oj E"}) {
            assertThatThrownBy(() -> FeedCursor.position(bad, "Last-Event-ID")).as(bad)
                    .isInstanceOf(InvalidValueException.class)
                    .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("Last-Event-ID"));
        }
    }
}
