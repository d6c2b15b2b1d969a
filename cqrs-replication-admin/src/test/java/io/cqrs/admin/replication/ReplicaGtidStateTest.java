package io.cqrs.admin.replication;

import io.cqrs.admin.replication.ReplicaGtidState.Assessment;
import io.cqrs.common.GtidSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.cqrs.admin.replication.ReplicaGtidState.DIVERGED;
import static io.cqrs.admin.replication.ReplicaGtidState.IDENTICAL;
import static io.cqrs.admin.replication.ReplicaGtidState.IRRECOVERABLE;
import static io.cqrs.admin.replication.ReplicaGtidState.NEW;
import static io.cqrs.admin.replication.ReplicaGtidState.RECOVERABLE;
import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaGtidStateTest {

    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "4d22bb58-82db-22f2-af44-d91bb9530673";

    static GtidSet my(String text) {
        return GtidSet.parse(MYSQL, text);
    }

    static GtidSet maria(String text) {
        return GtidSet.parse(MARIADB, text);
    }

    @Nested
    class MySql {
        final GtidSet source = my(A + ":1-100");
        final GtidSet purged = my(A + ":1-50");
        final GtidSet nothingPurged = my("");

        @Test
        void emptyReplica_sourceKeptAllBinlogs_isNewWithoutSnapshot() {
            Assessment a = ReplicaGtidState.classify(source, nothingPurged, my(""));

            assertThat(a.state()).isEqualTo(NEW);
            assertThat(a.missingOnReplica()).isEqualTo(source);
            assertThat(a.snapshotRequired()).isFalse();
            assertThat(a.explanation()).contains("still has all its binlogs");
        }

        @Test
        void emptyReplica_sourcePurged_isNewAndNeedsFullSnapshot() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(""));

            assertThat(a.state()).isEqualTo(NEW);
            assertThat(a.neededButPurged()).hasToString(A + ":1-50");
            assertThat(a.snapshotRequired()).isTrue();
            assertThat(a.explanation()).contains("purged 50 transactions '" + A + ":1-50'", "full snapshot");
        }

        @Test
        void sameSet_isIdentical() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(A + ":1-100"));

            assertThat(a.state()).isEqualTo(IDENTICAL);
            assertThat(a.missingOnReplica().isEmpty()).isTrue();
            assertThat(a.errantOnReplica().isEmpty()).isTrue();
            assertThat(a.snapshotRequired()).isFalse();
        }

        @Test
        void behindButPastThePurgedPart_isRecoverable() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(A + ":1-80"));

            assertThat(a.state()).isEqualTo(RECOVERABLE);
            assertThat(a.missingOnReplica()).hasToString(A + ":81-100");
            assertThat(a.neededButPurged().isEmpty()).isTrue();
            assertThat(a.explanation()).isEqualTo("replica is behind by 20 transactions '" + A
                    + ":81-100' and can catch up from the source's binlogs");
        }

        @Test
        void lacksPurgedTransactions_isIrrecoverableWithError1236() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(A + ":1-30"));

            assertThat(a.state()).isEqualTo(IRRECOVERABLE);
            assertThat(a.neededButPurged()).hasToString(A + ":31-50");
            assertThat(a.snapshotRequired()).isTrue();
            assertThat(a.explanation()).contains("lacks 20 transactions '" + A + ":31-50'", "error 1236");
        }

        @Test
        void holeInsidePurgedRange_isIrrecoverable() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(A + ":1-40:60-100"));

            assertThat(a.state()).isEqualTo(IRRECOVERABLE);
            assertThat(a.missingOnReplica()).hasToString(A + ":41-59");
            assertThat(a.neededButPurged()).hasToString(A + ":41-50");
        }

        @Test
        void errantTransactions_areDiverged() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(A + ":1-100," + B + ":1-3"));

            assertThat(a.state()).isEqualTo(DIVERGED);
            assertThat(a.errantOnReplica()).hasToString(B + ":1-3");
            assertThat(a.explanation()).contains("3 transactions '" + B + ":1-3' that the source never had");
        }

        @Test
        void divergedTakesPrecedenceOverIrrecoverable_keepingBothEvidences() {
            Assessment a = ReplicaGtidState.classify(source, purged, my(A + ":1-30," + B + ":1"));

            assertThat(a.state()).isEqualTo(DIVERGED);
            assertThat(a.errantOnReplica()).hasToString(B + ":1");
            assertThat(a.neededButPurged()).hasToString(A + ":31-50");
            assertThat(a.explanation()).contains("1 transaction '" + B + ":1'");
        }

        @Test
        void mixedFlavours_areRejectedNamingTheSet() {
            assertThatThrownBy(() -> ReplicaGtidState.classify(source, purged, maria("0-1-5")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the replica executed GTID set is MariaDB ('0-1-5') but the source executed set is MySQL");
            assertThatThrownBy(() -> ReplicaGtidState.classify(source, maria("0-1-5"), source))
                    .hasMessageContaining("the source purged GTID set is MariaDB");
        }
    }

    @Nested
    class MariaDb {
        final GtidSet source = maria("0-1-100,1-2-7");

        @Test
        void purgedUnknown_behindReplica_isRecoverableAndSaysItWasNotChecked() {
            Assessment a = ReplicaGtidState.classify(source, null, maria("0-1-50,1-2-7"));

            assertThat(a.state()).isEqualTo(RECOVERABLE);
            assertThat(a.purgedKnown()).isFalse();
            assertThat(a.missingOnReplica()).hasToString("0-1-100");
            assertThat(a.explanation()).contains("GTID position '0-1-100'", "purged set is unknown");
        }

        @Test
        void purgedBeyondReplicaPosition_isIrrecoverable() {
            Assessment a = ReplicaGtidState.classify(source, maria("0-1-60"), maria("0-1-50,1-2-7"));

            assertThat(a.state()).isEqualTo(IRRECOVERABLE);
            assertThat(a.neededButPurged()).hasToString("0-1-60");
        }

        @Test
        void purgedBeforeReplicaPosition_isRecoverable() {
            assertThat(ReplicaGtidState.classify(source, maria("0-1-40,1-2-7"), maria("0-1-50,1-2-7")).state())
                    .isEqualTo(RECOVERABLE);
        }

        @Test
        void replicaAheadOrInUnknownDomain_isDiverged() {
            assertThat(ReplicaGtidState.classify(source, null, maria("0-2-120,1-2-7")).errantOnReplica())
                    .hasToString("0-2-120");
            assertThat(ReplicaGtidState.classify(source, null, maria("0-1-100,1-2-7,5-3-1")).state())
                    .isEqualTo(DIVERGED);
        }

        @Test
        void emptyReplicaWithUnknownPurged_isNewAndAsksForSnapshotToBeSafe() {
            Assessment a = ReplicaGtidState.classify(source, null, maria(""));

            assertThat(a.state()).isEqualTo(NEW);
            assertThat(a.snapshotRequired()).isTrue();
            assertThat(a.explanation()).contains("purged set is unknown");
        }

        @Test
        void samePosition_isIdentical() {
            assertThat(ReplicaGtidState.classify(source, null, maria("1-2-7,0-1-100")).state()).isEqualTo(IDENTICAL);
        }
    }
}
