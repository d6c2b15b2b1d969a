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
}
