package io.cqrs.admin.switchover;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.ReplicationSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Unplanned failover: the source is gone. Every replica first applies what it had already
 * received; the one whose GTIDs contain every other replica's becomes the source (refused, naming
 * the GTIDs, when no replica has everything the others have); the others replicate from it. What
 * the old source had acknowledged and no replica received is unknown until it returns:
 * {@link Rejoin} reports it then.
 */
public final class Failover {

    private static final Logger log = LoggerFactory.getLogger(Failover.class);
    private static final String OP = "failover";

    private Failover() {
    }

    /**
     * @param oldSource the failed source, to prove it is gone (null: not checked)
     * @param replicas  every replica of the old source
     * @param candidate the replica to promote, or null to choose the most advanced
     */
    public static SourceChangeResult run(ServerEndpoint oldSource, List<ServerEndpoint> replicas, ServerEndpoint candidate,
                                         ReplicationSource credentials, SourceChangeOptions options) {
        if (oldSource != null) {
            try (Connection ignored = oldSource.connect()) {
                throw Topology.refuse(OP, "the source " + oldSource.address() + " answers",
                        "A failover is for a source that is gone; for a running source use 'cqrs-admin switchover', which loses nothing");
            } catch (SQLException gone) {
                log.info("failover: the source {} does not answer ({})", oldSource.address(), gone.getMessage());
            }
        }
        if (replicas.isEmpty()) {
            throw Topology.refuse(OP, "no replicas were given", "List the old source's replicas with --replicas HOST:PORT,...");
        }
        List<Node> reps = replicas.stream().map(Node::read).toList();
        List<String> steps = new ArrayList<>();
        // every replica applies what it had received before choosing: the relay logs may hold transactions not yet applied
        if (!options.dryRun()) {
            for (Node r : reps) {
                try {
                    if (!r.waitFor(r.retrieved(), options.timeout(), steps)) {
                        throw Topology.refuse(OP, r.address() + " did not apply what it received (" + r.retrieved() + ") within "
                                + options.timeout().toSeconds() + " s", "Check its SQL thread (cqrs-admin diagnose), then run failover again");
                    }
                } catch (SQLException e) {
                    throw new AdminException("failover: cannot wait on " + r.address() + ": " + e.getMessage() + ". Nothing was changed", e);
                }
            }
            reps = reps.stream().map(r -> Node.read(r.endpoint)).toList();
        }
        Node cand = choose(reps, candidate);
        ReplicationSource to = Topology.to(cand, credentials);
        List<Node> others = reps.stream().filter(r -> r != cand).toList();
        if (options.dryRun()) {
            for (String s : List.of(cand.dialect.stopReplica(), cand.dialect.resetReplicaAll(), cand.dialect.setReadOnly(false))) {
                steps.add(cand.address() + ": " + s);
            }
            for (Node o : others) {
                o.followStatements(to, false).forEach(s -> steps.add(o.address() + ": " + io.cqrs.common.dialect.Dialect.mask(s)));
            }
            return new SourceChangeResult(OP, oldSource == null ? "?" : oldSource.address(), cand.address(), true, steps, null, null,
                    List.of());
        }
        try {
            cand.run(steps, cand.dialect.stopReplica(), cand.dialect.resetReplicaAll(), cand.dialect.setReadOnly(false));
        } catch (SQLException e) {
            throw new AdminException("failover: promoting " + cand.address() + " failed after " + steps + ": " + e.getMessage()
                    + ". Run failover again (each step can be repeated)", e);
        }
        try {
            for (Node o : others) {
                o.run(steps, o.followStatements(to, false).toArray(String[]::new));
            }
        } catch (SQLException e) {
            throw new AdminException("failover: " + cand.address() + " is the source now, but repointing a replica failed: "
                    + e.getMessage() + ". Run 'cqrs-admin recover' for it with --source " + cand.address(), e);
        }
        Topology.awaitRunning(OP, others, options.timeout());
        log.info("failover: {} is the source; {} follow it", cand.address(), others.stream().map(Node::address).toList());
        disabledEvents(cand, steps);
        return new SourceChangeResult(OP, oldSource == null ? "?" : oldSource.address(), cand.address(), false, steps, null, null,
                others.stream().map(Node::address).toList());
    }

    /**
     * Replication leaves every scheduled event disabled on a replica ({@code SLAVESIDE_DISABLED}, even one the source
     * did not run), and with the old source gone nobody can tell which ones ran: the new source's are named in the
     * result, for an operator to enable.
     */
    private static void disabledEvents(Node cand, List<String> steps) {
        try {
            List<String> events = cand.events("SLAVESIDE_DISABLED");
            if (!events.isEmpty()) {
                String line = cand.address() + ": scheduled events left disabled (replication disables them all; enable the ones the old"
                        + " source ran with ALTER EVENT ... ENABLE): " + String.join(", ", events);
                steps.add(line);
                log.warn("failover: {}", line);
            }
        } catch (SQLException e) {
            log.warn("failover: the scheduled events of {} could not be read ({}); check them by hand", cand.address(), e.getMessage());
        }
    }

    /** The replica that has every other replica's transactions; the given one when it does. */
    static Node choose(List<Node> reps, ServerEndpoint candidate) {
        List<Node> pool = reps;
        if (candidate != null) {
            Node wanted = Topology.find(reps, Node.read(candidate));
            if (wanted == null) {
                throw Topology.refuse(OP, "the candidate " + candidate.address() + " is not one of the replicas "
                        + reps.stream().map(Node::address).toList(), "Give one of them with --to, or leave --to out");
            }
            pool = List.of(wanted);
        }
        List<String> why = new ArrayList<>();
        for (Node c : pool) {
            List<String> lacks = new ArrayList<>();
            for (Node o : reps) {
                String missing = Topology.beyond(o, c);
                if (o != c && !missing.isEmpty()) {
                    lacks.add(o.address() + " has " + missing);
                }
            }
            if (lacks.isEmpty()) {
                return c;
            }
            why.add(c.address() + " lacks what " + String.join(" and ", lacks));
        }
        throw Topology.refuse(OP, "no replica has every transaction the others have: " + String.join("; ", why),
                "Promote the replica with the most transactions by hand after copying what it lacks, or give --to the one to keep "
                        + "and rebuild the others from it (cqrs-admin provision --reset-replica)");
    }
}
