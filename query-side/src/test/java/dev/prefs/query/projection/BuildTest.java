package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildTest {

    private final ProjectionVersion<ProjectionRow> stats = new ProjectionVersion<>("stats", 3, "stats_v3_counts",
            (row, event) -> row, tables -> null, 1, List.of("stats_v3_users", "stats_v3_counts"), null);

    @Test
    void generationOneIsTheVersionsOwnTablesAndGroup() {
        Build<ProjectionRow> build = new Build<>(stats, 1);

        assertThat(build.processingGroup()).isEqualTo("stats_v3");
        assertThat(build.tables()).containsExactly("stats_v3_users", "stats_v3_counts");
        assertThat(build.readTable()).isEqualTo("stats_v3_counts");
    }

    @Test
    void laterGenerationsSuffixEveryTableAndTheGroup() {
        Build<ProjectionRow> build = new Build<>(stats, 4);

        assertThat(build.processingGroup()).isEqualTo("stats_v3_g4");
        assertThat(build.tables()).containsExactly("stats_v3_users_g4", "stats_v3_counts_g4");
        assertThat(build.readTable()).isEqualTo("stats_v3_counts_g4");
    }

    @Test
    void aReadTableOutsideTheVersionsTablesOrAnUnsafeNameIsRefused() {
        assertThatThrownBy(() -> new ProjectionVersion<>("stats", 1, "other", (row, event) -> row, tables -> null, 1,
                List.of("stats_v1"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProjectionVersion<>("stats", 1, "x; drop table y", (row, event) -> row,
                tables -> null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Build<>(stats, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePublicViewIsRedefinedOverTheGivenTable() {
        PublicView view = new PublicView("things", "SELECT a FROM " + PublicView.TABLE + " WHERE NOT deleted");

        assertThat(view.definitionOver("things_v1_g2"))
                .isEqualTo("DROP VIEW IF EXISTS things; CREATE VIEW things AS SELECT a FROM things_v1_g2 WHERE NOT deleted");
        assertThatThrownBy(() -> view.definitionOver("things; --")).isInstanceOf(IllegalArgumentException.class);
    }
}
