package io.cqrs.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private static Progress rows(long rows, long rowsTotal, boolean done) {
        return new Progress("snapshot", rows, rowsTotal, 1_000_000, 0, 1, 2, 10, Duration.ofSeconds(2), done);
    }

    @Test
    void etaFromRows_whileBelowTheEstimate() {
        assertThat(rows(5_000, 10_000, false).eta()).contains(Duration.ofSeconds(2));
        assertThat(rows(5_000, 10_000, false).describe()).contains("5,000/~10,000 rows").contains("ETA 2.0s");
    }

    /** MySQL 8's cached statistics said 5 rows; 10,005 were copied: no "/~5" and no "ETA 0.0s" while the copy goes on. */
    @Test
    void rowsPastAnEstimateThatWasTooLow_showNoTotalAndNoEta() {
        Progress p = rows(10_005, 5, false);
        assertThat(p.eta()).isEmpty();
        assertThat(p.describe()).contains("10,005 rows").doesNotContain("/~5").doesNotContain("ETA");
        assertThat(rows(5, 5, false).eta()).as("at the estimate but not done").isEmpty();
        assertThat(rows(10_005, 5, true).describe()).contains("done in 2.0s");
    }

    @Test
    void etaFromBytes_andNoneOnceTheyPassTheirTotal() {
        Progress half = new Progress("restore", 0, 0, 500, 1_000, 0, 0, 3, Duration.ofSeconds(4), false);
        assertThat(half.eta()).contains(Duration.ofSeconds(4));
        Progress over = new Progress("restore", 0, 0, 1_500, 1_000, 0, 0, 3, Duration.ofSeconds(4), false);
        assertThat(over.eta()).isEmpty();
        assertThat(over.describe()).doesNotContain("ETA").doesNotContain("/1000");
    }
}
