package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.replication.GtidState;
import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides a replica's {@link ReplicaState} before a start or restart. The replica is read first and
 * the source second, so transactions committed in between can only show as "missing", never as
 * errant. Both flavours are compared client-side with {@link GtidSet} — the same arithmetic
 * start-replication's preflight uses ({@link GtidSet#errantAgainst} for errant transactions);
 * MariaDB's purged set is the Gtid_list event at the head of the source's oldest binlog.
 */
public final class ReplicaStateClassifier {

    private ReplicaStateClassifier() {
    }

    public static ReplicaStateReport classify(ServerEndpoint source, ServerEndpoint replica) {
        try (Connection rc = replica.connect(); Connection sc = source.connect()) {
            return classify(sc, source.dialect(), rc, replica.dialect());
        } catch (SQLException e) {
            throw new AdminException("cannot compare the GTIDs of " + replica + " with " + source + ": " + e.getMessage(), e);
        }
    }

    static ReplicaStateReport classify(Connection sc, Dialect sd, Connection rc, Dialect rd) throws SQLException {
        String r = GtidState.executed(rc, rd);
        String s = GtidState.one(sc, sd.selectSnapshotPosition());
        String u = GtidState.purged(sc, sd);
        long replicaServerId = Long.parseLong(GtidState.one(rc, "SELECT @@GLOBAL.server_id"));
        ServerFlavor f = sd.version().flavor();
        GtidSet replicaSet = GtidSet.parse(f, r);
        String errant = replicaSet.errantAgainst(GtidSet.parse(f, s), replicaServerId).toString();
        String missing = GtidSet.parse(f, s).subtract(replicaSet).toString();
        String purgedMissing = GtidSet.parse(f, u).subtract(replicaSet).toString();
        return decide(r, s, u, missing, errant, purgedMissing);
    }

    /** The decision itself, from the sets (no server). */
    public static ReplicaStateReport decide(String replicaExecuted, String sourceExecuted, String sourcePurged,
                                            String missing, String errant, String purgedMissing) {
        ReplicaState state;
        String why;
        if (replicaExecuted.isEmpty()) {
            state = ReplicaState.NEW;
            why = "the replica has executed no transactions; it needs a full copy of the source (provision)";
        } else if (!errant.isEmpty()) {
            state = ReplicaState.DIVERGED;
            why = "the replica has transactions the source does not have (" + errant + "); replicating on would apply the source's "
                    + "changes on top of different data, and rebuilding it would throw them away";
        } else if (!purgedMissing.isEmpty()) {
            state = ReplicaState.IRRECOVERABLE;
            why = "the source purged binlogs with transactions the replica lacks (" + purgedMissing + "); a start fails with error 1236, "
                    + "only a rebuild (provision) helps";
        } else if (missing.isEmpty()) {
            state = ReplicaState.IDENTICAL;
            why = "the replica has exactly the source's transactions";
        } else {
            state = ReplicaState.RECOVERABLE;
            why = "the replica lacks " + missing + ", which the source still has in its binlogs: by the GTIDs alone, replication can "
                    + "catch it up";
        }
        return new ReplicaStateReport(state, replicaExecuted, sourceExecuted, sourcePurged, missing, errant, purgedMissing, why);
    }
}
