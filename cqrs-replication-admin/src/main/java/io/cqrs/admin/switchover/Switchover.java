package io.cqrs.admin.switchover;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.replication.ReplicationStatus;
import io.cqrs.common.dialect.ReplicationSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Planned switchover: the source hands its role to a caught-up replica with no acknowledged write
 * lost. Preflight first (every replica replicates from the source with GTID auto-positioning and
 * runs; the candidate has no transactions of its own and logs what it applies), then: the old
 * source read-only; wait until the candidate has every GTID the old source has; the candidate
 * stops replicating and becomes writable; the other replicas and the old source replicate from
 * it. Writes are refused (read-only) only between the first and third step: the result measures
 * that pause. Any failure before the candidate is writable rolls back: the old source is writable
 * again and the candidate replicates from it as before.
 */
public final class Switchover {

    private static final Logger log = LoggerFactory.getLogger(Switchover.class);
    private static final String OP = "switchover";

    private Switchover() {
    }

    /**
     * @param replicas    every replica of the source, the candidate among them
     * @param credentials the replication account the replicas log in with (its host/port are not used: the replicas are
     *                    pointed at the candidate's address as given)
     */
    public static SourceChangeResult run(ServerEndpoint source, List<ServerEndpoint> replicas, ServerEndpoint candidate,
                                         ReplicationSource credentials, SourceChangeOptions options) {
        // the replicas first, the source last: under write load the source's executed set, read later, then covers
        // everything the replicas had applied when they were read (read the other way round, a replica that applied
        // a write after the source was read looked as if it had transactions of its own, and the switchover was refused)
        List<Node> reps = replicas.stream().map(Node::read).toList();
        Node candidateRead = Node.read(candidate);
        Node src = Node.read(source);
        Node cand = Topology.find(reps, candidateRead);
        preflight(src, reps, cand, candidate);
        ReplicationSource to = Topology.to(cand, credentials);
        List<Node> others = reps.stream().filter(r -> r != cand).toList();
        List<String> steps = new ArrayList<>();
        List<String> events = enableEvents(src);
        if (options.dryRun()) {
            steps.add(src.address() + ": " + src.dialect.setReadOnly(true));
            steps.add(cand.address() + ": " + cand.dialect.waitForGtidsQuery() + " -- the old source's GTIDs once it is read-only");
            for (String s : List.of(cand.dialect.stopReplica(), cand.dialect.resetReplicaAll(), cand.dialect.setReadOnly(false))) {
                steps.add(cand.address() + ": " + s);
            }
            for (Node o : others) {
                o.followStatements(to, false).forEach(s -> steps.add(o.address() + ": " + io.cqrs.common.dialect.Dialect.mask(s)));
            }
            src.followStatements(to, true).forEach(s -> steps.add(src.address() + ": " + io.cqrs.common.dialect.Dialect.mask(s)));
            events.forEach(s -> steps.add(cand.address() + ": " + s));
            return new SourceChangeResult(OP, src.address(), cand.address(), true, steps, null, "", List.of());
        }

        Duration pause;
        boolean candidateDetached = false;
        try {
            src.run(steps, src.dialect.setReadOnly(true));
            long t0 = System.nanoTime();
            String everything = executed(src);
            if (!cand.waitFor(everything, options.timeout(), steps)) {
                throw new AdminException(cand.address() + " did not apply the old source's GTIDs " + everything + " within "
                        + options.timeout().toSeconds() + " s");
            }
            cand.run(steps, cand.dialect.stopReplica(), cand.dialect.resetReplicaAll());
            candidateDetached = true;
            cand.run(steps, cand.dialect.setReadOnly(false));
            pause = Duration.ofNanos(System.nanoTime() - t0);
        } catch (SQLException | RuntimeException e) {
            String undone = rollBack(src, cand, candidateDetached, credentials, steps);
            throw new AdminException("switchover to " + cand.address() + " failed before it became the source: " + e.getMessage()
                    + ". Rolled back: " + undone + ". Fix the cause (a lagging candidate: wait, or raise --timeout) and run it again", e);
        }
        log.info("switchover: {} is the source; writes were refused for {} ms", cand.address(), pause.toMillis());
        List<Node> followers = new ArrayList<>(others);
        followers.add(src);
        try {
            for (Node o : others) {
                o.run(steps, o.followStatements(to, false).toArray(String[]::new));
            }
            src.run(steps, src.followStatements(to, true).toArray(String[]::new));
        } catch (SQLException e) {
            throw new AdminException("switchover: " + cand.address() + " is the source now, but repointing a replica failed: "
                    + e.getMessage() + ". Run 'cqrs-admin recover' for that replica with --source " + cand.address(), e);
        }
        Topology.awaitRunning(OP, followers, options.timeout());
        try {
            cand.run(steps, events.toArray(String[]::new));
        } catch (SQLException e) {
            log.warn("switchover: {} is the source, but enabling the old source's scheduled events there failed ({}); enable them by hand"
                    + " (ALTER EVENT ... ENABLE): {}", cand.address(), e.getMessage(), events);
            steps.add(cand.address() + ": enabling the old source's events failed: " + e.getMessage());
        }
        return new SourceChangeResult(OP, src.address(), cand.address(), false, steps, pause, "",
                followers.stream().map(Node::address).toList());
    }

    /** The old source's running events, to enable on the new source (none when they cannot be read: logged). */
    private static List<String> enableEvents(Node src) {
        try {
            return src.enableEventsStatements();
        } catch (SQLException e) {
            log.warn("switchover: the scheduled events of {} could not be read ({}); enable them on the new source by hand", src.address(),
                    e.getMessage());
            return List.of();
        }
    }

    private static void preflight(Node src, List<Node> reps, Node cand, ServerEndpoint candidate) {
        if (src.identity.upstream() != null) {
            throw Topology.refuse(OP, src.identity.describe() + " replicates from " + src.identity.upstream().describe()
                    + ": it is not the source", "Give the current source with --source");
        }
        if (cand == null) {
            throw Topology.refuse(OP, "the candidate " + candidate.address() + " is not one of the replicas "
                    + reps.stream().map(Node::address).toList(), "Give one of the source's replicas with --to");
        }
        for (Node r : reps) {
            if (r.identity.sameServerAs(src.identity)) {
                throw Topology.refuse(OP, r.address() + " is the source itself", "List only the replicas");
            }
            if (!Topology.follows(r, src)) {
                throw Topology.refuse(OP, r.identity.describe() + " does not replicate from the source " + src.identity.describe()
                        + (r.identity.upstream() == null ? "" : " (it replicates from " + r.identity.upstream().describe() + ")"),
                        "List only the source's replicas, or repair that one first (cqrs-admin diagnose/recover)");
            }
            ReplicationStatus s = r.status;
            if (!s.autoPosition()) {
                throw Topology.refuse(OP, r.address() + " does not use GTID auto-positioning", "Run 'cqrs-admin start-replication' on it first");
            }
            if (s.ioThread() != ReplicationStatus.IoThreadState.YES || !s.sqlThreadRunning()) {
                throw Topology.refuse(OP, r.address() + " is not replicating (IO " + s.ioThread() + ", SQL "
                        + (s.sqlThreadRunning() ? "running" : "stopped") + ")", "Repair it first: cqrs-admin recover");
            }
        }
        String errant = Topology.beyond(cand, src);
        if (!errant.isEmpty()) {
            throw Topology.refuse(OP, "the candidate " + cand.address() + " has transactions the source does not have (" + errant
                    + "); as the source it would hand them to every replica", "Choose another candidate, or rebuild this one "
                    + "(cqrs-admin recover --discard-replica-changes) first");
        }
        try (Connection c = cand.endpoint.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.log_bin, @@GLOBAL." + cand.dialect.logReplicaUpdatesVariable())) {
            rs.next();
            if (!rs.getBoolean(1) || !rs.getBoolean(2)) {
                throw Topology.refuse(OP, "the candidate " + cand.address() + " has log_bin=" + rs.getString(1) + ", "
                        + cand.dialect.logReplicaUpdatesVariable() + "=" + rs.getString(2) + ": as the source its binary log "
                        + "would lack what the other replicas may still need", "Start it with --log-bin and --"
                        + cand.dialect.logReplicaUpdatesVariable().replace('_', '-') + "=ON, or choose another candidate");
            }
        } catch (SQLException e) {
            throw new AdminException("switchover: cannot read the binary log settings of " + cand.address() + ": " + e.getMessage(), e);
        }
    }

    private static String executed(Node n) throws SQLException {
        return Node.read(n.endpoint).executed;
    }

    /** Undoes what ran: the candidate replicates from the old source again, the old source is writable. */
    private static String rollBack(Node src, Node cand, boolean candidateDetached, ReplicationSource credentials, List<String> steps) {
        List<String> done = new ArrayList<>();
        if (candidateDetached) {
            try {
                cand.run(steps, cand.dialect.setReadOnly(true), cand.dialect.changeSource(Topology.to(src, credentials)),
                        cand.dialect.startReplica());
                done.add(cand.address() + " replicates from " + src.address() + " again");
            } catch (SQLException e) {
                done.add("FAILED to repoint " + cand.address() + " at " + src.address() + " (" + e.getMessage() + ")");
            }
        }
        try {
            src.run(steps, src.dialect.setReadOnly(false));
            done.add(src.address() + " is writable again");
        } catch (SQLException e) {
            done.add("FAILED to make " + src.address() + " writable (" + e.getMessage() + "): do it by hand");
        }
        return String.join(", ", done);
    }
}
