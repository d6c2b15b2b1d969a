package io.cqrs.admin.replication;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReplicationAdmin#awaitNoReportedLag}: the wait after the GTIDs are in, on a made-up sequence of readings. */
class ReportedLagWaitTest {

    private static ReplicationAdmin.ReportedLag readings(Long... seconds) {
        ArrayDeque<Long> left = new ArrayDeque<>(List.of(seconds));
        return () -> {
            Long s = left.size() > 1 ? left.poll() : left.peek(); // the last reading repeats
            return s < 0 ? OptionalLong.empty() : OptionalLong.of(s);
        };
    }

    @Test
    void aStaleLag_thatDropsToZero_isWaitedOut() throws Exception {
        int[] reads = {0};
        ReplicationAdmin.ReportedLag seq = readings(10L, 10L, 0L);
        assertThat(ReplicationAdmin.awaitNoReportedLag(() -> {
            reads[0]++;
            return seq.secondsBehind();
        }, Duration.ofSeconds(2))).isTrue();
        assertThat(reads[0]).isEqualTo(3);
    }

    @Test
    void noLagOrNull_returnsAtOnce() throws Exception {
        long t0 = System.nanoTime();
        assertThat(ReplicationAdmin.awaitNoReportedLag(readings(0L), Duration.ofSeconds(2))).isTrue();
        assertThat(ReplicationAdmin.awaitNoReportedLag(readings(-1L), Duration.ofSeconds(2))).isTrue(); // NULL
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aLagThatStays_endsTheWaitAtTheGrace_andSaysSo() throws Exception {
        long t0 = System.nanoTime();
        assertThat(ReplicationAdmin.awaitNoReportedLag(readings(3L), Duration.ofMillis(200))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(2));
    }
}
