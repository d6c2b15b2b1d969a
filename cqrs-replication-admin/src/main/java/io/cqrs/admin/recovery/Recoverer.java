package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.Secret;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.admin.identity.TargetGuard;
import io.cqrs.admin.internal.TargetSessions;
import io.cqrs.admin.replication.ProvisionOptions;
import io.cqrs.admin.replication.Provisioner;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.replication.ReplicationStatus;
import io.cqrs.admin.replication.ReplicationThreads;
import io.cqrs.admin.replication.StartOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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
    private final Supplier<ReplicationSource> from;

    /** @param from how the replica reaches the source and as whom (the password is what a repaired replica will use) */
    public Recoverer(ReplicationAdmin admin, ReplicationSource from) {
        this(admin, () -> from);
    }

    /**
     * @param from asked only when the plan has a step that logs the replica in to the source
     *             ({@link RecoveryStep#needsReplicationCredentials()}): restarting stopped threads
     *             needs no replication password
     */
    public Recoverer(ReplicationAdmin admin, Supplier<ReplicationSource> from) {
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
        boolean needsCredentials = plan.steps().stream().anyMatch(RecoveryStep::needsReplicationCredentials);
        ReplicationSource source = needsCredentials ? from.get() : null;
        TargetGuard.Pair pair = admin.verifyPair("recover", plan.steps().stream().anyMatch(RecoveryStep::changesReplicaData),
                source == null ? List.of() : List.of(source.address()));
        String refusal = refusal(plan, diagnosis, options);
        RecoveryRefusedException refused = refusal == null ? null : new RecoveryRefusedException(refusal, diagnosis, RecoveryPlan.DATA_LOSS);
        List<PlannedStep> planned = new ArrayList<>();
        try {
            for (RecoveryStep s : plan.steps()) {
                planned.add(plan(s, source, pair, options));
            }
        } catch (SQLException e) {
            throw new AdminException("recover: cannot plan on " + admin.replica() + ": " + e.getMessage(), e);
        }
        if (options.dryRun()) {
            return new RecoveryResult(diagnosis, true, planned, refused == null ? null : refused.cliMessage(), null,
                    Duration.ofNanos(System.nanoTime() - t0));
        }
        if (refused != null) {
            throw refused;
        }
        List<PlannedStep> done = new ArrayList<>();
        for (PlannedStep p : planned) {
            try {
                run(p.step(), source, options);
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
                    + ") would discard " + plan.wouldLose() + ". Nothing was changed. Pass {} to rebuild anyway, or repair the replica's rows by hand and restart replication";
        }
        return null;
    }

    /** The statements a step sends, passwords masked; warnings as SQL comments. */
    private PlannedStep plan(RecoveryStep step, ReplicationSource from, TargetGuard.Pair pair, RecoveryOptions o) throws SQLException {
        ServerEndpoint s = admin.source();
        ServerEndpoint r = admin.replica();
        Dialect sd = s.dialect();
        Dialect rd = r.dialect();
        String host = o.replicationUserHost();
        List<String> q = switch (step) {
            case ENSURE_REPLICATION_USER -> List.of(sd.createReplicationUser(from.user(), host, from.password()),
                    sd.alterReplicationUserPassword(from.user(), host, from.password()), sd.grantReplication(from.user(), host),
                    passwordWarning(from, host, pair));
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

    /**
     * Setting the replication account's password breaks every other replica that logs in with the
     * old one, at its next reconnect: say so, naming the replicas the source has now.
     */
    static String passwordWarning(ReplicationSource from, String host, TargetGuard.Pair pair) {
        List<String> others = pair.source().followers().stream().map(f -> f.describe()).toList();
        return "-- warning: this sets the password of '" + from.user() + "'@'" + host + "' on " + pair.source().address()
                + "; other replicas that log in as '" + from.user() + "' with another password stop at their next reconnect "
                + "(error 1045) until they are repointed with the new one" + (others.isEmpty() ? ""
                : " (replicas of the source now: " + String.join(", ", others) + ")");
    }

    private void run(RecoveryStep step, ReplicationSource from, RecoveryOptions o) throws SQLException {
        switch (step) {
            case ENSURE_REPLICATION_USER -> {
                log.warn("recover: setting the password of '{}'@'{}' on {}: other replicas that use another password for it stop at "
                        + "their next reconnect", from.user(), o.replicationUserHost(), admin.source());
                admin.ensureReplicationUser(from.user(), o.replicationUserHost(), Secret.of(from.password()));
            }
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
        ReplicationStatus s = ReplicationThreads.awaitRunning(admin.replica(), timeout);
        if (!ReplicationThreads.running(s)) {
            throw new AdminException("the replication threads on " + admin.replica() + " did not start: " + String.join("; ", s.problems()));
        }
    }
}
