package io.cqrs.admin.replication;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.Secret;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.identity.ServerIdentity;
import io.cqrs.admin.identity.TargetGuard;
import io.cqrs.admin.internal.TargetSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The runbook's replication steps for one source/replica pair, each one call:
 * {@link #ensureReplicationUser}, {@link #startReplication}, {@link #resetReplication},
 * {@link #check}, {@link #waitCaughtUp}.
 */
public final class ReplicationAdmin {

    private static final Logger log = LoggerFactory.getLogger(ReplicationAdmin.class);
    /** How long {@link #waitCaughtUp} waits at a time before it looks at the replication threads. */
    private static final Duration CATCH_UP_SLICE = Duration.ofSeconds(1);
    /**
     * How long {@link #waitCaughtUp}, once the replica has applied the source's GTIDs, waits for its applier to say so:
     * MariaDB reports {@code Seconds_Behind_Master} as the age of the last event applied (after a start, that of the
     * binlog's opening event, seconds or days old) until its applier has looked for the next one and found none, so a
     * health check right after the GTIDs arrived could call a caught-up replica lagging.
     */
    static final Duration APPLIER_SETTLE = Duration.ofSeconds(2);

    private final ServerEndpoint source;
    private final ServerEndpoint replica;
    private final SafetyOverrides overrides;
    private final List<String> sourceAddressesForReplica;

    /** A pair whose identity checks refuse everything suspicious ({@link SafetyOverrides#none()}). */
    public ReplicationAdmin(ServerEndpoint source, ServerEndpoint replica) {
        this(source, replica, SafetyOverrides.none());
    }

    /** A pair with the identity refusals the operator chose to overrule. */
    public ReplicationAdmin(ServerEndpoint source, ServerEndpoint replica, SafetyOverrides overrides) {
        this(source, replica, overrides, List.of());
    }

    private ReplicationAdmin(ServerEndpoint source, ServerEndpoint replica, SafetyOverrides overrides, List<String> aliases) {
        this.source = Objects.requireNonNull(source, "source");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.sourceAddressesForReplica = List.copyOf(aliases);
    }

    /**
     * The same pair, knowing that the replica reaches the source as {@code hostPort} (a docker
     * network name, a VIP): the identity checks accept a replica configured with that address.
     */
    public ReplicationAdmin sourceAddressForReplica(String hostPort) {
        List<String> a = new ArrayList<>(sourceAddressesForReplica);
        a.add(Objects.requireNonNull(hostPort, "hostPort"));
        return new ReplicationAdmin(source, replica, overrides, a);
    }

    /**
     * Proves that the pair is what it claims before work on it ({@link TargetGuard#checkPair}):
     * the replica is not the source, replicates from this source (or from nothing), and, when the
     * work changes its data or GTID history, has no replicas of its own. Changes nothing.
     *
     * @param moreSourceAddresses other "host:port" names the replica may know the source by, besides
     *                            {@link #sourceAddressForReplica(String)}
     * @throws io.cqrs.admin.identity.WrongServerException when it is not
     */
    public TargetGuard.Pair verifyPair(String operation, boolean changesReplica, Collection<String> moreSourceAddresses) {
        List<String> names = new ArrayList<>(sourceAddressesForReplica);
        names.addAll(moreSourceAddresses);
        return TargetGuard.checkPair(source, replica, names, operation, changesReplica, overrides);
    }

    /** Refuses when the replica replicates now; names the alternatives after 'reset-replication'. */
    public void requireNotReplicating(String operation, AdminException.Remedy... alternatives) {
        try (Connection rc = replica.connect()) {
            TargetSessions.requireNotReplicating(rc, replica.dialect(), replica, operation, alternatives);
        } catch (SQLException e) {
            throw new AdminException("cannot read the replication status of " + replica + ": " + e.getMessage(), e);
        }
    }

    static List<String> names(ReplicationSource from) {
        return List.of(from.address());
    }

    public SafetyOverrides overrides() {
        return overrides;
    }

    /**
     * Creates (or updates the password of) the replication account on the source with only the
     * REPLICATION SLAVE privilege.
     */
    public void ensureReplicationUser(String user, String host, Secret password) {
        verifyPair("creating the replication user", false, List.of());
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            Dialect d = source.dialect();
            String pw = password.reveal();
            st.execute(d.createReplicationUser(user, host, pw));
            st.execute(d.alterReplicationUserPassword(user, host, pw));
            st.execute(d.grantReplication(user, host));
            log.info("replication user '{}'@'{}' on {} has REPLICATION SLAVE (password from {})", user, host, source, password.origin());
        } catch (SQLException e) {
            throw new AdminException("cannot create the replication user '" + user + "'@'" + host + "' on " + source + ": "
                    + Dialect.mask(e.getMessage()) + " (errno " + e.getErrorCode() + "); the admin user needs CREATE USER and GRANT OPTION");
        }
    }

    /**
     * Points the replica at the source with GTID auto-positioning and starts it, after checking
     * that it can work: the replica's own GTIDs must not overlap or contradict the position (MySQL
     * error 3546 otherwise) and the source must still have every transaction after the position
     * in its binlogs (error 1236 otherwise). A refused start changes nothing. Then waits until
     * both threads run and the replica has caught up, within {@link StartOptions#timeout()}.
     *
     * @param from where the replica connects to (host/port as the replica sees the source) and as whom
     */
    public StartResult startReplication(ReplicationSource from, StartOptions options) {
        long t0 = System.nanoTime();
        List<String> steps = new ArrayList<>();
        verifyPair("start-replication", true, names(from));
        try (Connection sc = source.connect(); Connection rc = replica.connect()) {
            Dialect rd = replica.dialect();
            Dialect sd = source.dialect();
            if (rd.version().flavor() != sd.version().flavor()) {
                throw new StartRefusedException(0, "cannot replicate from " + sd.version() + " (" + source + ") to " + rd.version()
                        + " (" + replica + "); nothing was changed. Use servers of the same flavour");
            }
            TargetSessions.requireNotReplicating(rc, rd, replica, "start-replication");
            Preflight.Plan plan = Preflight.check(sc, sd, rc, rd, source, replica, options);
            try (Statement st = rc.createStatement(); AutoCloseable writable = TargetSessions.writable(rc, rd)) {
                if (plan.resetGtidHistory()) {
                    for (String s : rd.resetGtidHistory()) {
                        run(st, s, steps);
                    }
                }
                if (plan.setPosition()) {
                    run(st, rd.setGtidStartPosition(options.gtidPosition()), steps);
                }
                run(st, rd.changeSource(from), steps);
                run(st, rd.startReplica(), steps);
            }
            awaitRunning(options.timeout());
            waitCaughtUp(options.timeout());
            ReplicationHealth h = check();
            log.info("replication {} -> {} started ({})", source, replica, String.join("; ", steps));
            return new StartResult(options.gtidPosition(), steps, h, Duration.ofNanos(System.nanoTime() - t0));
        } catch (AdminException e) {
            throw e;
        } catch (Exception e) {
            throw new AdminException("start-replication on " + replica + " failed after " + steps + ": " + Dialect.mask(e.getMessage()), e);
        }
    }

    private static void run(Statement st, String sql, List<String> steps) throws SQLException {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(Dialect.mask(sql) + " failed: " + Dialect.mask(e.getMessage()), e.getSQLState(), e.getErrorCode());
        }
        steps.add(Dialect.mask(sql));
    }

    /**
     * STOP, RESET REPLICA ALL and, when asked, the replica's GTID history and binlogs too (the 3546
     * recovery flow), after {@link #verifyPair} (followers count only when the GTID history goes).
     */
    public List<String> resetReplication(boolean resetGtidHistory) {
        verifyPair(resetGtidHistory ? "reset-replication --reset-gtids" : "reset-replication", resetGtidHistory, List.of());
        return reset(replica, resetGtidHistory);
    }

    /**
     * {@link #resetReplication} for a replica given without its source: the only check is that,
     * when its GTID history goes, no replica follows it ({@link TargetGuard#checkTarget}).
     */
    public static List<String> resetReplication(ServerEndpoint replica, boolean resetGtidHistory, SafetyOverrides overrides) {
        if (resetGtidHistory) {
            TargetGuard.checkTarget(replica, "reset-replication --reset-gtids", overrides);
        }
        return reset(replica, resetGtidHistory);
    }

    private static List<String> reset(ServerEndpoint replica, boolean resetGtidHistory) {
        List<String> steps = new ArrayList<>();
        try (Connection rc = replica.connect(); Statement st = rc.createStatement()) {
            Dialect d = replica.dialect();
            try {
                run(st, d.stopReplica(), steps);
            } catch (SQLException e) {
                // MariaDB refuses STOP on a server with no replication configured; nothing to stop then
                log.debug("{} on {}: {}", d.stopReplica(), replica, e.getMessage());
            }
            run(st, d.resetReplicaAll(), steps);
            if (resetGtidHistory) {
                try (AutoCloseable writable = TargetSessions.writable(rc, d)) {
                    for (String s : d.resetGtidHistory()) {
                        run(st, s, steps);
                    }
                }
            }
            log.info("reset replication on {}: {}", replica, steps);
            return steps;
        } catch (Exception e) {
            throw new AdminException("reset-replication on " + replica + " failed after " + steps + ": " + e.getMessage(), e);
        }
    }

    /** The replica's status, not looking at the source (the waits use it). */
    public ReplicationHealth check() {
        return check(replica);
    }

    /** A replica's status when no source is given (check-replication with --replica alone). */
    public static ReplicationHealth check(ServerEndpoint replica) {
        try (Connection rc = replica.connect()) {
            Dialect d = replica.dialect();
            return ReplicationHealth.of(replica.address(), statusRow(rc, d), GtidState.executed(rc, d));
        } catch (SQLException e) {
            throw new AdminException("cannot read the replication status of " + replica + ": " + e.getMessage()
                    + ". Check that the replica runs and that the address, user and password are right", e);
        }
    }

    /**
     * check-replication of this pair: the replica's status, unhealthy also when the replica is
     * not a replica of this source (it is the source, replicates from another server, or the two
     * are swapped). The source must answer: an unreachable source is an error, not a healthy pair.
     */
    public ReplicationHealth checkPair() {
        ServerIdentity s = ServerIdentity.read(source);
        ServerIdentity r = ServerIdentity.read(replica);
        TargetGuard.Problem p = TargetGuard.pairProblem(s, r, TargetGuard.names(source.address(), sourceAddressesForReplica),
                SafetyOverrides.none(), TargetGuard.upstreamAnswers(r));
        ReplicationHealth h = check();
        return p == null ? h : h.withPairProblem(p.what());
    }

    static Map<String, String> statusRow(Connection c, Dialect d) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(d.showReplicaStatus())) {
            if (rs.next()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getString(i));
                }
            }
        }
        return row;
    }

    private void awaitRunning(Duration timeout) {
        ReplicationStatus s = ReplicationThreads.awaitRunning(replica, timeout);
        if (!ReplicationThreads.running(s)) {
            throw new AdminException("replication on " + replica + " did not start: " + String.join("; ", s.problems())
                    + ". Fix: for error 1045 check the replication user's password, for 1236 rebuild the replica (provision), "
                    + "for 2061/2003 check the source address and TLS/public key settings");
        }
    }

    /** Waits until the replica has applied everything the source has now; bounded by {@code timeout}. */
    public void waitCaughtUp(Duration timeout) {
        try (Connection sc = source.connect(); Connection rc = replica.connect()) {
            Dialect d = replica.dialect();
            String target = GtidState.one(sc, source.dialect().selectSnapshotPosition());
            long deadline = System.nanoTime() + timeout.toNanos();
            // in slices of a second, and between them the threads: an applier stopped by an error (1062 after a
            // copy that was not the position's) will not catch up, and waiting the whole timeout only hides it
            while (true) {
                long left = deadline - System.nanoTime();
                Duration slice = Duration.ofNanos(Math.max(0, Math.min(left, CATCH_UP_SLICE.toNanos())));
                if (d.awaitGtids(rc, target, slice)) {
                    awaitNoReportedLag(() -> ReplicationThreads.status(rc, d).secondsBehindSource(), APPLIER_SETTLE);
                    return;
                }
                boolean failed = ReplicationThreads.failed(ReplicationThreads.status(rc, d));
                if (failed || deadline - System.nanoTime() <= 0) {
                    ReplicationHealth h = check();
                    throw new AdminException(replica + " did not catch up with " + source + " (GTIDs " + target + ")"
                            + (failed ? "" : " within " + d.waitSeconds(timeout) + " s") + ": "
                            + (h.problems().isEmpty() ? "still applying" : String.join("; ", h.problems()))
                            + (failed ? ". Fix the reported error" : ". Fix the reported error, or wait longer (--timeout)"));
                }
            }
        } catch (SQLException e) {
            throw new AdminException("cannot wait for " + replica + " to catch up: " + e.getMessage(), e);
        }
    }

    /**
     * After the GTIDs are in: waits up to {@code grace} until the replica reports no lag ({@link #APPLIER_SETTLE}; NULL
     * counts as none); false when it still does at {@code grace}. A source that goes on writing can keep it above 0:
     * that is real lag, and the health read next says so.
     */
    static boolean awaitNoReportedLag(ReportedLag lag, Duration grace) throws SQLException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (lag.secondsBehind().orElse(0) > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause(50);
        }
        return true;
    }

    /** The replica's {@code Seconds_Behind_Source} now; empty when NULL. */
    @FunctionalInterface
    interface ReportedLag {
        OptionalLong secondsBehind() throws SQLException;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for replication");
        }
    }

    public ServerEndpoint source() {
        return source;
    }

    public ServerEndpoint replica() {
        return replica;
    }
}
