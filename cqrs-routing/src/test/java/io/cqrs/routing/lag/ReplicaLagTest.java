package io.cqrs.routing.lag;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which replicas take lag-bounded reads: the monitor's verdict, and the benefit of the doubt before the first sample. */
class ReplicaLagTest {

    @Test
    void anUnsampledReplica_admitsReads_untilItsProbesFailTheThresholdInARow() {
        assertThat(ReplicaLag.unknown("r").admitsReads(3)).isTrue();
        ReplicaLag twoFailures = new ReplicaLag("r", null, -1, false, null, 2, false, "refused");
        assertThat(twoFailures.admitsReads(3)).isTrue();
        ReplicaLag threeFailures = new ReplicaLag("r", null, -1, false, null, 3, false, "refused");
        assertThat(threeFailures.admitsReads(3)).isFalse();
    }

    @Test
    void aSampledReplica_admitsReadsWhenEligible_only() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        assertThat(new ReplicaLag("r", Duration.ofMillis(20), 0, false, at, 0, true, null).admitsReads(3)).isTrue();
        assertThat(new ReplicaLag("r", null, 7, false, at, 0, false, null).admitsReads(3))
                .as("a first sample with unknown lag ends the benefit of the doubt").isFalse();
    }
}
