package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.Secret;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.dialect.Dialect;
import io.cqrs.admin.dialect.ReplicationSource;
import io.cqrs.admin.internal.TargetSessions;
import io.cqrs.admin.replication.ProvisionOptions;
import io.cqrs.admin.replication.Provisioner;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.replication.ReplicationHealth;
import io.cqrs.admin.replication.StartOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code recover}: diagnoses, then runs the plan's steps (each idempotent), then diagnoses again.
 * Plans that would discard the replica's own transactions or rows run only with
 * {@link RecoveryOptions#allowDataLoss()}; otherwise the call is refused before anything changes,
 * naming the flag and what would be lost. A dry run returns every step's SQL (masked) and changes
 * nothing.
 */
public final class Recoverer {

    private static final Logger log = LoggerFactory.getLogger(Recoverer.class);

    private final ReplicationAdmin admin;
    private final ReplicationSource from;

    /** @param from how the replica reaches the source and as whom (the password is what a repaired replica will use) */
    public Recoverer(ReplicationAdmin admin, ReplicationSource from) {
        this.admin = admin;
        this.from = from;
    }

    public RecoveryResult recover(RecoveryOptions options) {
        return recover(new Diagnoser(admin).diagnose(options.reported()), options);
    }

    /** Runs the plan of a diagnosis taken just before (e.g. by watch). */
    public RecoveryResult recover(Diagnosis diagnosis, RecoveryOptions options) {
        long t0 = System.nanoTime();
        RecoveryPlan plan = diagnosis.plan();
        String refusal = refusal(plan, diagnosis, options);
        List<PlannedStep> planned = new ArrayList<>();
        try {
            for (RecoveryStep s : plan.steps()) {
                planned.add(plan(s, options));
            }
        } catch (SQLException e) {
            throw new AdminException("recover: cannot plan on " + admin.replica() + ": " + e.getMessage(), e);
        }
        if (options.dryRun()) {
            return new RecoveryResult(diagnosis, true, planned, refusal, null, Duration.ofNanos(System.nanoTime() - t0));
        }
        if (refusal != null) {
            throw new RecoveryRefusedException(refusal, diagnosis);
        }
        List<PlannedStep> done = new ArrayList<>();
        for (PlannedStep p : planned) {
            try {
                run(p.step(), options);
            } catch (RuntimeException | SQLException e) {
                throw new AdminException("recover: step " + p.step().name().toLowerCase().replace('_', '-') + " failed on " + p.server()
                        + " after " + done.stream().map(d -> d.step().name()).toList() + ": " + e.getMessage()
                        + ". Run diagnose to see where the replica stands; recover can be run again", e);
            }
            done.add(new PlannedStep(p.step(), p.server(), p.statements(), true));
            log.info("recover: {} done on {}", p.step(), p.server());
        }
        Diagnosis after = new Diagnoser(admin).diagnose();
        return new RecoveryResult(diagnosis, false, done, null, after, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static String refusal(RecoveryPlan plan, Diagnosis d, RecoveryOptions o) {
        if (!plan.automatic()) {
            return "recover has no automatic plan for " + d.replica() + ": " + plan.reason() + ". Nothing was changed";
        }
        if (plan.discardsReplicaChanges() && !o.allowDataLoss()) {
            return "recover refused: rebuilding " + d.replica() + " (" + plan.summary().replaceAll(" \\(discards.*", "")
                    + ") would discard " + plan.wouldLose() + ". Nothing was changed. Pass " + RecoveryPlan.DATA_LOSS_FLAG
                    + " (RecoveryOptions.allowDataLoss(true)) to rebuild anyway, or repair the replica's rows by hand and restart replication";
        }
        return null;
    }

    /** The statements a step sends, passwords masked. */
    private PlannedStep plan(RecoveryStep step, RecoveryOptions o) throws SQLException {
        ServerEndpoint s = admin.source();
        ServerEndpoint r = admin.replica();
        Dialect sd = s.dialect();
        Dialect rd = r.dialect();
        String host = o.replicationUserHost();
        List<String> q = switch (step) {
            case ENSURE_REPLICATION_USER -> List.of(sd.createReplicationUser(from.user(), host, from.password()),
                    sd.alterReplicationUserPassword(from.user(), host, from.password()), sd.grantReplication(from.user(), host));
            case REPOINT_REPLICA -> List.of(rd.stopReplica(), rd.changeSource(from));
            case START_THREADS -> List.of(rd.stopReplica(), rd.startReplica());
            case START_REPLICATION -> List.of(rd.changeSource(from), rd.startReplica(), rd.waitForGtidsQuery() + " -- source's GTIDs");
            case RESET_REPLICA -> List.of(rd.stopReplica(), rd.resetReplicaAll());
            case RESET_GTID_HISTORY -> {
                List<String> l = new ArrayList<>(List.of(rd.stopReplica(), rd.resetReplicaAll()));
                l.addAll(rd.resetGtidHistory());
                yield l;
            }
            case PROVISION -> List.of("-- on " + s.address() + ": FLUSH TABLES WITH READ LOCK; START TRANSACTION WITH CONSISTENT SNAPSHOT; "
                            + sd.selectSnapshotPosition() + "; UNLOCK TABLES",
                    "-- copy every table of the snapshot into " + r.address() + " with " + rd.disableSessionBinlog(),
                    rd.setGtidStartPosition("<snapshot GTID position>"), rd.changeSource(from), rd.startReplica(),
                    rd.waitForGtidsQuery() + " -- source's GTIDs");
            case WAIT_CAUGHT_UP -> List.of(rd.waitForGtidsQuery() + " -- source's GTIDs");
        };
        String server = step == RecoveryStep.ENSURE_REPLICATION_USER ? s.address() : r.address();
        return new PlannedStep(step, server, q.stream().map(Dialect::mask).toList(), false);
    }

    private void run(RecoveryStep step, RecoveryOptions o) throws SQLException {
        switch (step) {
            case ENSURE_REPLICATION_USER -> admin.ensureReplicationUser(from.user(), o.replicationUserHost(), Secret.of(from.password()));
            case REPOINT_REPLICA -> onReplica(true, (st, d) -> {
                stopQuietly(st, d);
                st.execute(d.changeSource(from));
            });
            case START_THREADS -> {
                onReplica(false, (st, d) -> {
                    stopQuietly(st, d);
                    st.execute(d.startReplica());
                });
                awaitRunning(o.timeout());
            }
            case START_REPLICATION -> admin.startReplication(from, new StartOptions(null, false, o.timeout()));
            case RESET_REPLICA -> admin.resetReplication(false);
            case RESET_GTID_HISTORY -> admin.resetReplication(true);
            case PROVISION -> Provisioner.provision(admin, from, ProvisionOptions.direct().snapshot(o.snapshot()).timeout(o.timeout()));
            case WAIT_CAUGHT_UP -> admin.waitCaughtUp(o.timeout());
        }
    }

    private interface ReplicaWork {
        void run(Statement st, Dialect d) throws SQLException;
    }

    private void onReplica(boolean writable, ReplicaWork work) throws SQLException {
        ServerEndpoint r = admin.replica();
        Dialect d = r.dialect();
        try (Connection c = r.connect(); Statement st = c.createStatement()) {
            if (writable) {
                try (AutoCloseable w = TargetSessions.writable(c, d)) {
                    work.run(st, d);
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AdminException(e.getMessage(), e);
                }
            } else {
                work.run(st, d);
            }
        }
    }

    private static void stopQuietly(Statement st, Dialect d) {
        try {
            st.execute(d.stopReplica());
        } catch (SQLException e) {
            log.debug("{}: {}", d.stopReplica(), e.getMessage());
        }
    }

    private void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReplicationHealth h;
        do {
            h = admin.check();
            if ("Yes".equalsIgnoreCase(h.ioRunning()) && "Yes".equalsIgnoreCase(h.sqlRunning())) {
                return;
            }
            if (h.lastSqlErrno() != 0 || (h.lastIoErrno() != 0 && "No".equalsIgnoreCase(h.ioRunning()))) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminException("interrupted while waiting for the replication threads");
            }
        } while (System.nanoTime() < deadline);
        throw new AdminException("the replication threads on " + admin.replica() + " did not start: " + String.join("; ", h.problems()));
    }
}
