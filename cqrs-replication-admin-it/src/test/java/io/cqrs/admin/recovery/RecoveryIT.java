package io.cqrs.admin.recovery;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.data.SampleData;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.count;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.eventually;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each breakage caused for real on both flavours, diagnosed, and repaired by recover. */
class RecoveryIT {

    private static final RecoveryOptions OPTIONS = RecoveryOptions.defaults().timeout(Duration.ofSeconds(60));

    record Pair(Sandbox sandbox, ReplicationAdmin admin, Recoverer recoverer, Diagnoser diagnoser) {
        Diagnosis diagnose() {
            return diagnoser.diagnose();
        }
    }

    static Pair pair(Sandbox sandbox) throws Exception {
        ServerEndpoint source = endpoint(sandbox.source());
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        SampleData.create(source, 300, p -> { });
        sandbox.sync();
        return new Pair(sandbox, admin, new Recoverer(admin, sandbox.replicationSource()), new Diagnoser(admin));
    }

    /** Healthy, same rows and checksums, and a new source row reaches the replica. */
    static void assertRepaired(Pair p, RecoveryResult r) throws Exception {
        assertThat(r.recovered()).as(r.toText()).isTrue();
        Sandbox s = p.sandbox();
        String name = "after recovery " + System.nanoTime();
        exec(s.source(), "INSERT INTO sample_db.categories (name, created_at) VALUES ('" + name + "', NOW())");
        assertThat(eventually(Duration.ofSeconds(20), () -> {
            try {
                return count(s.replica(0), "SELECT COUNT(*) FROM sample_db.categories WHERE name = '" + name + "'") == 1;
            } catch (Exception e) {
                return false;
            }
        })).as("new source row on the replica").isTrue();
        s.sync();
        Map<String, String> expected = checksums(s.source(), "sample_db");
        assertThat(expected).isNotEmpty();
        assertThat(checksums(s.replica(0), "sample_db")).isEqualTo(expected);
        assertThat(p.diagnose().healthy()).isTrue();
        // idempotent: a second run has nothing to do
        RecoveryResult again = p.recoverer().recover(OPTIONS);
        assertThat(again.steps()).isEmpty();
        assertThat(again.recovered()).isTrue();
    }

    static Diagnosis awaitFinding(Pair p, FindingKind kind) {
        Diagnosis[] last = new Diagnosis[1];
        boolean seen = eventually(Duration.ofSeconds(30), () -> {
            last[0] = p.diagnose();
            return last[0].has(kind);
        });
        assertThat(seen).as("expected %s, got:%n%s", kind, last[0] == null ? "" : last[0].toText()).isTrue();
        return last[0];
    }

    static void killBinlogDumpThreads(Sandbox sandbox) throws Exception {
        try (Connection c = sandbox.source().connect(); Statement st = c.createStatement()) {
            List<Long> ids = new java.util.ArrayList<>();
            try (var rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try {
                    st.execute("KILL " + id);
                } catch (SQLException gone) {
                    // ended by itself
                }
            }
        }
        assertThat(eventually(Duration.ofSeconds(10), () -> {
            try {
                return count(sandbox.source(), "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'") == 0;
            } catch (Exception e) {
                return false;
            }
        })).isTrue();
    }

    @SandboxTest(isolated = true)
    void threadsStopped_dryRunChangesNothing_recoverRestartsThem(Sandbox sandbox) throws Exception {
        Pair p = pair(sandbox);
        Dialect d = sandbox.dialect();
        exec(sandbox.replica(0), d.stopReplica());
        exec(sandbox.source(), "INSERT INTO sample_db.categories (name, created_at) VALUES ('while stopped', NOW())");

        Diagnosis before = p.diagnose();
        assertThat(before.findings()).extracting(Finding::kind).containsExactly(FindingKind.THREADS_STOPPED);
        assertThat(before.state().state()).isEqualTo(ReplicaState.RECOVERABLE);
        assertThat(before.plan().steps()).containsExactly(RecoveryStep.START_THREADS, RecoveryStep.WAIT_CAUGHT_UP);
        Map<String, String> statusBefore = sandbox.replicaStatus(sandbox.replica(0));
        String gtidsBefore = string(sandbox.replica(0), d.selectExecutedGtids());

        // restarting threads logs nobody in: the replication password must not even be asked for
        Recoverer noPassword = new Recoverer(p.admin(), () -> {
            throw new AssertionError("the replication password was asked for a plan that does not use it");
        });
        RecoveryResult dry = noPassword.recover(OPTIONS.dryRun(true));
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.after()).isNull();
        assertThat(dry.steps()).extracting(PlannedStep::done).containsOnly(false);
        assertThat(dry.steps().get(0).statements()).contains(d.startReplica());
        assertThat(sandbox.replicaStatus(sandbox.replica(0))).isEqualTo(statusBefore);
        assertThat(string(sandbox.replica(0), d.selectExecutedGtids())).isEqualTo(gtidsBefore);

        assertRepaired(p, noPassword.recover(OPTIONS));
    }

    @SandboxTest(isolated = true)
    void binlogsPurgedPastTheReplica_1236_rebuilt(Sandbox sandbox) throws Exception {
        Pair p = pair(sandbox);
        Dialect d = sandbox.dialect();
        exec(sandbox.replica(0), d.stopReplica());
        exec(sandbox.source(), "INSERT INTO sample_db.categories (name, created_at) VALUES ('purged away', NOW())", "FLUSH BINARY LOGS");
        String newest = string(sandbox.source(), d.showBinaryLogStatus());
        // MariaDB skips binlogs a (lingering) dump thread still reads
        killBinlogDumpThreads(sandbox);
        // MariaDB also keeps a binlog until InnoDB's binlog checkpoint has moved past it (about a second here): retry
        assertThat(eventually(Duration.ofSeconds(15), () -> {
            try {
                exec(sandbox.source(), "PURGE BINARY LOGS TO '" + newest + "'");
                return string(sandbox.source(), "SHOW BINARY LOGS").equals(newest);
            } catch (Exception e) {
                return false;
            }
        })).as("only %s is left", newest).isTrue();
        exec(sandbox.replica(0), d.startReplica());

        // the GTID state predicts the purge before the IO thread reports it: wait for the server's own error too
        Diagnosis[] seen = new Diagnosis[1];
        assertThat(eventually(Duration.ofSeconds(30), () -> {
            seen[0] = p.diagnose();
            return seen[0].findings().stream().anyMatch(x -> x.kind() == FindingKind.BINLOGS_PURGED && x.evidence().get("errno") != null);
        })).as("BINLOGS_PURGED with the IO thread's error, got:%n%s", seen[0] == null ? "" : seen[0].toText()).isTrue();
        Diagnosis broken = seen[0];
        Finding f = broken.findings().stream().filter(x -> x.kind() == FindingKind.BINLOGS_PURGED).findFirst().orElseThrow();
        assertThat(f.evidence().get("errno")).isIn(1236, 13114);
        assertThat(String.valueOf(f.evidence().get("message"))).contains("1236");
        assertThat(broken.state().state()).isEqualTo(ReplicaState.IRRECOVERABLE);
        assertThat(broken.state().purgedMissing()).isNotEmpty();
        assertThat(broken.plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.PROVISION);
        assertThat(broken.plan().isSafe()).isTrue();

        assertRepaired(p, p.recoverer().recover(OPTIONS));
    }

    @SandboxTest(isolated = true)
    void gtidOverlap_restoringAnOlderPosition_3546OrMariaDb1945_resetAndRebuilt(Sandbox sandbox) throws Exception {
        Pair p = pair(sandbox);
        Dialect d = sandbox.dialect();
        String oldPosition = string(sandbox.source(), d.selectSnapshotPosition());
        exec(sandbox.source(), "INSERT INTO sample_db.categories (name, created_at) VALUES ('after the dump', NOW())");
        sandbox.sync();
        p.admin().resetReplication(false);
        // what the runbook's restore of an older dump does: set the dump's GTID position on a replica that has history
        if (sandbox.flavor() == ServerFlavor.MYSQL) {
            SQLException e = catchThrowableOfType(() -> exec(sandbox.replica(0), d.dumpGtidStatement(oldPosition).replace(";", "")),
                    SQLException.class);
            assertThat((Throwable) e).as("the server refuses the overlapping position").isNotNull();
            assertThat(e.getErrorCode()).isEqualTo(3546);
            Diagnosis broken = p.diagnoser().diagnose(List.of(ReportedError.of(e)));
            assertThat(broken.has(FindingKind.GTID_OVERLAP)).as(broken.toText()).isTrue();
            assertThat(broken.has(FindingKind.NOT_CONFIGURED)).isTrue();
            assertThat(broken.plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.RESET_GTID_HISTORY, RecoveryStep.PROVISION);
            assertRepaired(p, p.recoverer().recover(OPTIONS.reported(List.of(ReportedError.of(e)))));
            return;
        }
        // MariaDB accepts the older gtid_slave_pos (with a warning at most); the applier then meets its own newer binlog: 1950
        exec(sandbox.replica(0), d.setGtidStartPosition(oldPosition), d.changeSource(sandbox.replicationSource()), d.startReplica());
        Diagnosis broken = awaitFinding(p, FindingKind.GTID_OVERLAP);
        assertThat(broken.findings().get(0).evidence().get("errno")).isEqualTo(1950);
        assertThat(broken.plan().steps()).containsExactly(RecoveryStep.RESET_REPLICA, RecoveryStep.RESET_GTID_HISTORY, RecoveryStep.PROVISION);
        assertThat(broken.plan().isSafe()).isTrue();
        assertRepaired(p, p.recoverer().recover(OPTIONS));
    }

    @SandboxTest(isolated = true)
    void wrongReplicationPassword_1045_andDroppedUser_recreatedAndRepointed(Sandbox sandbox) throws Exception {
        Pair p = pair(sandbox);
        Dialect d = sandbox.dialect();
        ReplicationSource good = sandbox.replicationSource();
        ReplicationSource bad = new ReplicationSource(good.host(), good.port(), good.user(), "wrong-password", 1);
        try (Connection c = sandbox.replica(0).connect(); Statement st = c.createStatement()) {
            st.execute(d.stopReplica());
            st.execute(d.changeSource(bad));
            st.execute(d.startReplica());
        }
        Diagnosis denied = awaitFinding(p, FindingKind.ACCESS_DENIED);
        assertThat(denied.findings().get(0).evidence().get("errno")).isEqualTo(1045);
        assertThat(denied.plan().steps()).containsExactly(RecoveryStep.ENSURE_REPLICATION_USER, RecoveryStep.REPOINT_REPLICA,
                RecoveryStep.START_THREADS, RecoveryStep.WAIT_CAUGHT_UP);
        RecoveryResult dry = p.recoverer().recover(OPTIONS.dryRun(true));
        assertThat(dry.toJson()).doesNotContain(good.password()).contains("'****'");
        assertThat(dry.steps().get(0).statements()).as("setting the password is announced with what it breaks")
                .anyMatch(q -> q.startsWith("-- warning: this sets the password of '" + good.user() + "'@'%'")
                        && q.contains("other replicas that log in as"));
        assertRepaired(p, p.recoverer().recover(OPTIONS));

        exec(sandbox.source(), "DROP USER IF EXISTS '" + good.user() + "'@'%'");
        sandbox.sync();
        exec(sandbox.replica(0), d.stopReplica(), d.startReplica());
        Diagnosis missing = awaitFinding(p, FindingKind.REPLICATION_USER_MISSING);
        assertThat(missing.findings().get(0).evidence()).containsEntry("user_exists", false).containsEntry("user", good.user());
        assertRepaired(p, p.recoverer().recover(OPTIONS));
    }

    @SandboxTest(isolated = true)
    void replicaPointedAtADeadAddress_2003_isRepointedAtTheSource_withoutOverrulingTheIdentityCheck(Sandbox sandbox) throws Exception {
        Pair p = pair(sandbox);
        Dialect d = sandbox.dialect();
        ReplicationSource good = sandbox.replicationSource();
        int dead;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            dead = ss.getLocalPort();
        }
        ReplicationSource wrong = new ReplicationSource(good.host(), dead, good.user(), good.password(), 1);
        exec(sandbox.replica(0), d.stopReplica(), d.changeSource(wrong), d.startReplica());
        Diagnosis unreachable = awaitFinding(p, FindingKind.SOURCE_UNREACHABLE);
        assertThat(unreachable.plan().steps()).contains(RecoveryStep.REPOINT_REPLICA);

        assertRepaired(p, p.recoverer().recover(OPTIONS));
        assertThat(sandbox.replicaStatus(sandbox.replica(0))).containsValue(String.valueOf(sandbox.source().port()));
    }

    @SandboxTest(isolated = true)
    void conflictingRowOnTheReplica_1062_refusedByDefault_rebuiltOnlyWithTheFlag(Sandbox sandbox) throws Exception {
        Pair p = pair(sandbox);
        Dialect d = sandbox.dialect();
        exec(sandbox.replica(0), d.setReadOnly(false), d.disableSessionBinlog(),
                "INSERT INTO sample_db.categories (id, name, created_at) VALUES (100000, 'replica only', NOW())",
                d.enableSessionBinlog(), d.setReadOnly(true));
        exec(sandbox.source(), "INSERT INTO sample_db.categories (id, name, created_at) VALUES (100000, 'source', NOW())");

        Diagnosis broken = awaitFinding(p, FindingKind.APPLIER_CONFLICT);
        assertThat(broken.findings().get(0).evidence().get("errno")).isEqualTo(1062);
        // waiting for the replica to catch up ends at the error, not after the timeout
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.admin().waitCaughtUp(java.time.Duration.ofSeconds(30)))
                .hasMessageContaining("did not catch up").hasMessageContaining("1062").hasMessageNotContaining("within 30 s");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms waited").isLessThan(5_000);
        assertThat(broken.plan().discardsReplicaChanges()).isTrue();
        String gtidsBefore = string(sandbox.replica(0), d.selectExecutedGtids());

        // the Java message names the Java call; the CLI shows the same refusal with its switch
        assertThatThrownBy(() -> p.recoverer().recover(OPTIONS))
                .isInstanceOf(RecoveryRefusedException.class)
                .hasMessageContaining("RecoveryOptions.allowDataLoss(true)")
                .hasMessageContaining("Duplicate entry").hasMessageContaining("Nothing was changed")
                .extracting(e -> ((RecoveryRefusedException) e).cliMessage()).asString()
                .contains("--discard-replica-changes").doesNotContain("RecoveryOptions");
        assertThat(count(sandbox.replica(0), "SELECT COUNT(*) FROM sample_db.categories WHERE name = 'replica only'")).isEqualTo(1);
        assertThat(string(sandbox.replica(0), d.selectExecutedGtids())).isEqualTo(gtidsBefore);

        RecoveryResult r = p.recoverer().recover(OPTIONS.allowDataLoss(true));
        assertThat(count(sandbox.replica(0), "SELECT COUNT(*) FROM sample_db.categories WHERE id = 100000 AND name = 'source'")).isEqualTo(1);
        assertRepaired(p, r);
    }
}
