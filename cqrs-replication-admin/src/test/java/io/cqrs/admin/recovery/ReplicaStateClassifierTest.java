package io.cqrs.admin.recovery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaStateClassifierTest {

    @Test
    void decide_inOrder_new_diverged_irrecoverable_identical_recoverable() {
        assertThat(ReplicaStateClassifier.decide("", "u:1-9", "u:1-3", "u:1-9", "", "u:1-3").state()).isEqualTo(ReplicaState.NEW);
        assertThat(ReplicaStateClassifier.decide("u:1-5,r:1", "u:1-9", "u:1-7", "u:6-9", "r:1", "u:6-7").state()).isEqualTo(ReplicaState.DIVERGED);
        assertThat(ReplicaStateClassifier.decide("u:1-5", "u:1-9", "u:1-7", "u:6-9", "", "u:6-7").state()).isEqualTo(ReplicaState.IRRECOVERABLE);
        assertThat(ReplicaStateClassifier.decide("u:1-9", "u:1-9", "", "", "", "").state()).isEqualTo(ReplicaState.IDENTICAL);
        assertThat(ReplicaStateClassifier.decide("u:1-5", "u:1-9", "u:1-3", "u:6-9", "", "").state()).isEqualTo(ReplicaState.RECOVERABLE);
    }

    @Test
    void mariadb_errant_localWriteAheadOrShadowed_andOtherDomains() {
        assertThat(MariaDbPositions.errant("0-1-5", "0-1-9", 2)).isEmpty();
        assertThat(MariaDbPositions.errant("0-2-10", "0-1-9", 2)).isEqualTo("0-2-10");
        assertThat(MariaDbPositions.errant("0-2-7", "0-1-9", 2)).isEqualTo("0-2-7");
        assertThat(MariaDbPositions.errant("0-1-9,5-2-1", "0-1-9", 2)).isEqualTo("5-2-1");
        assertThat(MariaDbPositions.errant("0-3-9", "0-1-9", 2)).isEqualTo("0-3-9");
    }

    @Test
    void mariadb_beyond_givesMissingAndPurgedRanges() {
        assertThat(MariaDbPositions.beyond("0-1-9", "0-1-5")).isEqualTo("0-1-6..9");
        assertThat(MariaDbPositions.beyond("0-1-6", "0-1-5")).isEqualTo("0-1-6");
        assertThat(MariaDbPositions.beyond("0-1-5", "0-1-5")).isEmpty();
        assertThat(MariaDbPositions.beyond("0-1-12", "")).isEqualTo("0-1-1..12");
        assertThat(MariaDbPositions.beyond("0-1-4,1-1-2", "0-1-5")).isEqualTo("1-1-1..2");
    }
}
