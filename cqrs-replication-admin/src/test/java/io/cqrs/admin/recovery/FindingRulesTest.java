package io.cqrs.admin.recovery;

import io.cqrs.admin.replication.ReplicationHealth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Error-to-finding mapping and plan choice, no server. */
class FindingRulesTest {

    static ReplicationHealth status(String io, String sql, Long behind, int ioErrno, String ioError, int sqlErrno, String sqlError) {
        return new ReplicationHealth("127.0.0.1:3307", true, io, sql, behind, ioErrno, ioError, sqlErrno, sqlError, "127.0.0.1", 3306, "u:1-5", null);
    }

    static ReplicaStateReport state(ReplicaState s) {
        return new ReplicaStateReport(s, "u:1-5", "u:1-9", "", s == ReplicaState.IDENTICAL ? "" : "u:6-9",
                s == ReplicaState.DIVERGED ? "r:1" : "", s == ReplicaState.IRRECOVERABLE ? "u:6-7" : "", "test");
    }

    static Diagnosis diagnose(ReplicationHealth h, ReplicaState s, List<ReportedError> reported, Boolean userExists) {
        List<Finding> f = FindingRules.findings(new Observations(h, s == null ? null : state(s), reported, null, "repl", userExists));
        return new Diagnosis(java.time.Instant.EPOCH, "127.0.0.1:3306", "127.0.0.1:3307", h, s == null ? null : state(s), f,
                PlanChooser.choose(f, s == null ? null : state(s)));
    }

    static List<FindingKind> kinds(Diagnosis d) {
        return d.findings().stream().map(Finding::kind).toList();
    }

    @Test
    void mysql13114WithPurgedText_isBinlogsPurged_rebuildWithoutDataLoss() {
        Diagnosis d = diagnose(status("No", "Yes", null, 13114, "Got fatal error 1236 from master when reading data from binary log: "
                + "'The slave is connecting using CHANGE MASTER TO MASTER_AUTO_POSITION = 1, but the master has purged binary logs containing "
                + "GTIDs that the slave requires.'", 0, ""), ReplicaState.IRRECOVERABLE, List.of(), null);
        assertThat(kinds(d)).containsExactly(FindingKind.BINLOGS_PURGED);
        assertThat(d.findings().get(0).evidence()).containsEntry("errno", 13114).containsEntry("purged_missing", "u:6-7");
        assertThat(d.plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.PROVISION);
        assertThat(d.plan().isSafe()).isTrue();
        assertThat(d.healthy()).isFalse();
    }

    @Test
    void mariadb1236CouldNotFindGtidState_isBinlogsPurged() {
        Diagnosis d = diagnose(status("No", "Yes", null, 1236, "Got fatal error 1236 from master when reading data from binary log: "
                + "'Could not find GTID state requested by slave in any binlog files. Probably the slave state is too old and required "
                + "binlog files have been purged.'", 0, ""), ReplicaState.RECOVERABLE, List.of(), null);
        assertThat(kinds(d)).containsExactly(FindingKind.BINLOGS_PURGED);
    }

    @Test
    void reported3546_isGtidOverlap_resetGtidsThenProvision() {
        Diagnosis d = diagnose(new ReplicationHealth("r", false, "No", "No", null, 0, "", 0, "", "", 0, "u:1-5", null), ReplicaState.RECOVERABLE,
                List.of(new ReportedError(3546, "@@GLOBAL.GTID_PURGED cannot be changed: the added gtid set must not overlap")), null);
        assertThat(kinds(d)).containsExactly(FindingKind.GTID_OVERLAP, FindingKind.NOT_CONFIGURED);
        assertThat(d.plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.RESET_GTID_HISTORY, RecoveryStep.PROVISION);
        assertThat(d.plan().discardsReplicaChanges()).isFalse();
    }

    @Test
    void mariadb1950WithoutErrantGtids_isOverlap_withErrantGtids_isErrantAndNeedsTheFlag() {
        ReplicationHealth h = status("Yes", "No", null, 0, "", 1950, "An attempt was made to binlog GTID 0-1-15 which would create "
                + "an out-of-order sequence number with existing GTID 0-1-16, and gtid strict mode is enabled");
        assertThat(kinds(diagnose(h, ReplicaState.RECOVERABLE, List.of(), null))).containsExactly(FindingKind.GTID_OVERLAP);
        Diagnosis errant = diagnose(h, ReplicaState.DIVERGED, List.of(), null);
        assertThat(kinds(errant)).containsExactly(FindingKind.ERRANT_GTIDS);
        assertThat(errant.plan().discardsReplicaChanges()).isTrue();
        assertThat(errant.plan().summary()).contains(RecoveryPlan.DATA_LOSS_FLAG);
    }

    @Test
    void accessDenied_recreatesUserAndRepoints_userMissingWhenTheSourceHasNone() {
        ReplicationHealth h = status("Connecting", "Yes", null, 1045, "error connecting to master 'repl@127.0.0.1:3306' - retry-time: 1 "
                + "retries: 3 message: Access denied for user 'repl'@'localhost' (using password: YES)", 0, "");
        Diagnosis denied = diagnose(h, ReplicaState.RECOVERABLE, List.of(), true);
        assertThat(kinds(denied)).containsExactly(FindingKind.ACCESS_DENIED);
        assertThat(denied.plan().steps()).containsExactly(RecoveryStep.ENSURE_REPLICATION_USER, RecoveryStep.REPOINT_REPLICA,
                RecoveryStep.START_THREADS, RecoveryStep.WAIT_CAUGHT_UP);
        assertThat(kinds(diagnose(h, ReplicaState.RECOVERABLE, List.of(), false))).containsExactly(FindingKind.REPLICATION_USER_MISSING);
    }

    @Test
    void publicKey2061_andUnreachable2003_repointAndRetry() {
        Diagnosis key = diagnose(status("Connecting", "Yes", null, 2061, "Authentication plugin 'caching_sha2_password' reported error: "
                + "Authentication requires secure connection.", 0, ""), ReplicaState.RECOVERABLE, List.of(), true);
        assertThat(kinds(key)).containsExactly(FindingKind.SECURE_CONNECTION_REQUIRED);
        assertThat(key.plan().steps()).startsWith(RecoveryStep.REPOINT_REPLICA);
        Diagnosis down = diagnose(status("Connecting", "Yes", null, 2003, "error connecting to master 'repl@10.0.0.9:3306' - "
                + "Can't connect to MySQL server on '10.0.0.9' (111)", 0, ""), ReplicaState.RECOVERABLE, List.of(), null);
        assertThat(kinds(down)).containsExactly(FindingKind.SOURCE_UNREACHABLE);
        assertThat(down.plan().steps()).containsExactly(RecoveryStep.REPOINT_REPLICA, RecoveryStep.START_THREADS, RecoveryStep.WAIT_CAUGHT_UP);
    }

    @Test
    void sourceUnreachableFromTheAdmin_noAutomaticPlan() {
        ReplicationHealth h = status("Connecting", "Yes", null, 2003, "Can't connect", 0, "");
        List<Finding> f = FindingRules.findings(new Observations(h, null, List.of(), "Connection refused", null, null));
        RecoveryPlan p = PlanChooser.choose(f, null);
        assertThat(p.automatic()).isFalse();
        assertThat(p.reason()).contains("Connection refused");
    }

    @Test
    void duplicateKey1062_andMissingRow1032_areConflicts_thatNeedTheFlag() {
        for (int errno : new int[] {1062, 1032}) {
            Diagnosis d = diagnose(status("Yes", "No", null, 0, "", errno, "Could not execute Write_rows event on table sample_db.categories; "
                    + "Duplicate entry '7' for key 'PRIMARY'"), ReplicaState.RECOVERABLE, List.of(), null);
            assertThat(kinds(d)).containsExactly(FindingKind.APPLIER_CONFLICT);
            assertThat(d.plan().discardsReplicaChanges()).isTrue();
            assertThat(d.plan().wouldLose()).contains("Duplicate entry '7'");
        }
    }

    @Test
    void stoppedByHand_restart_lagging_wait_healthy_nothing() {
        assertThat(diagnose(status("No", "No", null, 0, "", 0, ""), ReplicaState.RECOVERABLE, List.of(), null).plan().steps())
                .containsExactly(RecoveryStep.START_THREADS, RecoveryStep.WAIT_CAUGHT_UP);
        Diagnosis lag = diagnose(status("Yes", "Yes", 42L, 0, "", 0, ""), ReplicaState.RECOVERABLE, List.of(), null);
        assertThat(kinds(lag)).containsExactly(FindingKind.LAGGING);
        assertThat(lag.plan().steps()).containsExactly(RecoveryStep.WAIT_CAUGHT_UP);
        Diagnosis ok = diagnose(status("Yes", "Yes", 0L, 0, "", 0, ""), ReplicaState.IDENTICAL, List.of(), null);
        assertThat(kinds(ok)).containsExactly(FindingKind.HEALTHY);
        assertThat(ok.healthy()).isTrue();
        assertThat(ok.plan().isEmpty()).isTrue();
    }

    @Test
    void stoppedThreadsButSourcePurgedMeanwhile_predictsBinlogsPurged() {
        Diagnosis d = diagnose(status("No", "No", null, 0, "", 0, ""), ReplicaState.IRRECOVERABLE, List.of(), null);
        assertThat(kinds(d)).contains(FindingKind.THREADS_STOPPED, FindingKind.BINLOGS_PURGED);
        assertThat(d.plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.PROVISION);
    }

    @Test
    void healthyLookingButDiverged_isErrant() {
        Diagnosis d = diagnose(status("Yes", "Yes", 0L, 0, "", 0, ""), ReplicaState.DIVERGED, List.of(), null);
        assertThat(kinds(d)).containsExactly(FindingKind.ERRANT_GTIDS);
        assertThat(d.healthy()).isFalse();
        assertThat(d.plan().wouldLose()).contains("r:1");
    }

    @Test
    void notConfigured_planDependsOnTheGtidState() {
        ReplicationHealth none = new ReplicationHealth("r", false, "No", "No", null, 0, "", 0, "", "", 0, "", null);
        assertThat(diagnose(none, ReplicaState.NEW, List.of(), null).plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.PROVISION);
        assertThat(diagnose(none, ReplicaState.RECOVERABLE, List.of(), null).plan().steps()).containsExactly(RecoveryStep.START_REPLICATION);
        assertThat(diagnose(none, ReplicaState.IRRECOVERABLE, List.of(), null).plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.PROVISION);
        assertThat(diagnose(none, ReplicaState.DIVERGED, List.of(), null).plan().discardsReplicaChanges()).isTrue();
    }

    @Test
    void unknownError_isManual() {
        Diagnosis d = diagnose(status("Yes", "No", null, 0, "", 1146, "Table 'x.y' doesn't exist"), ReplicaState.RECOVERABLE, List.of(), null);
        assertThat(kinds(d)).containsExactly(FindingKind.REPLICATION_ERROR);
        assertThat(d.plan().automatic()).isFalse();
        assertThat(d.toJson()).contains("\"kind\":\"REPLICATION_ERROR\"").contains("\"errno\":1146");
    }

    @Test
    void applierConflictBesideARecoverableGtidState_theTextSaysTheGtidStateCannotSeeTheError() {
        Diagnosis d = diagnose(status("Yes", "No", null, 0, "", 1062, "Could not execute Write_rows event on table sample_db.categories; "
                + "Duplicate entry '7' for key 'PRIMARY'"), ReplicaState.RECOVERABLE, List.of(), null);

        assertThat(kinds(d)).contains(FindingKind.APPLIER_CONFLICT);
        assertThat(d.toText()).contains("GTID state: RECOVERABLE")
                .contains("(judged from the GTID sets only; APPLIER_CONFLICT above stops replication until it is repaired)");
        Diagnosis lagging = diagnose(status("Yes", "Yes", 5L, 0, "", 0, ""), ReplicaState.RECOVERABLE, List.of(), null);
        assertThat(lagging.toText()).as("no error: no caveat").doesNotContain("judged from the GTID sets only");
    }
}
