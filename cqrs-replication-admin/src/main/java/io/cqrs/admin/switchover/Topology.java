package io.cqrs.admin.switchover;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.identity.TargetGuard;
import io.cqrs.admin.replication.ReplicationStatus;
import io.cqrs.admin.replication.ReplicationThreads;
import io.cqrs.common.GtidSet;
import io.cqrs.common.dialect.ReplicationSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What switchover, failover and rejoin share: refusals, where replicas connect, waiting until they run. */
final class Topology {

    private Topology() {
    }

    static AdminException refuse(String operation, String what, String fix) {
        return new AdminException(operation + " refused: " + what + ". Nothing was changed. " + fix);
    }

    /** The replication account, pointed at {@code newSource} as the other servers reach it (its address as given). */
    static ReplicationSource to(Node newSource, ReplicationSource credentials) {
        return new ReplicationSource(newSource.endpoint.host(), newSource.endpoint.port(), credentials.user(), credentials.password(),
                credentials.connectRetrySeconds());
    }

    /** The node among {@code nodes} that is the same server as {@code wanted}, or null. */
    static Node find(List<Node> nodes, Node wanted) {
        for (Node n : nodes) {
            if (n.identity.sameServerAs(wanted.identity)) {
                return n;
            }
        }
        return null;
    }

    static boolean follows(Node replica, Node source) {
        return TargetGuard.follows(replica.identity, source.identity, List.of(source.address()));
    }

    /** What {@code a} has that {@code b} lacks, as text ("" when nothing). */
    static String beyond(Node a, Node b) {
        GtidSet d = a.executedSet().subtract(b.executedSet());
        return d.isEmpty() ? "" : d.toString();
    }

    /** Waits until every node replicates (both threads running), within the timeout (shared by all of them). */
    static void awaitRunning(String operation, List<Node> nodes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> notRunning = new ArrayList<>();
        for (Node n : nodes) {
            ReplicationStatus s = ReplicationThreads.awaitRunning(n.endpoint, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (!ReplicationThreads.running(s)) {
                notRunning.add(n.address() + " (IO " + s.ioThread() + ", SQL " + (s.sqlThreadRunning() ? "running" : "stopped")
                        + (s.lastIoErrno() != 0 ? ", IO error " + s.lastIoErrno() + ": " + s.lastIoError() : "")
                        + (s.lastSqlErrno() != 0 ? ", SQL error " + s.lastSqlErrno() + ": " + s.lastSqlError() : "") + ")");
            }
        }
        if (!notRunning.isEmpty()) {
            throw new AdminException(operation + ": the new source serves, but these replicas do not replicate from it after "
                    + timeout.toSeconds() + " s: " + String.join("; ", notRunning) + ". Run 'cqrs-admin diagnose' / 'recover' on each");
        }
    }
}
