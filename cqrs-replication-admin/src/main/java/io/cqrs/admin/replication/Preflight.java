package io.cqrs.admin.replication;

import io.cqrs.admin.AdminException;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The checks start-replication runs before it changes anything, and the plan they allow.
 *
 * <p>With a position P (from a dump or snapshot), the replica's executed set E, and the source's
 * executed set S and purged set U:
 * <ul>
 *   <li>P must be contained in S (else the dump is not from this source);</li>
 *   <li>U must be contained in P (else the source has purged binlogs the replica needs: 1236);</li>
 *   <li>E empty: set P. E equal to P: nothing to set. E a proper part of P: the replica holds an
 *       older state of the same source; clearing its GTID history (RESET MASTER on the replica)
 *       is correct only when its data was just restored from P without binlog, which the caller
 *       states with {@link StartOptions#replicaRestored()}; otherwise refused (3546). E with GTIDs
 *       outside P: the replica has transactions the position does not (errant or from another
 *       source): always refused.</li>
 * </ul>
 * Without a position the replica resumes from E: U must be contained in E (1236) and E in S.
 */
final class Preflight {

    record Plan(boolean resetGtidHistory, boolean setPosition) {
    }

    private Preflight() {
    }

    static Plan check(Connection sc, Dialect sd, Connection rc, Dialect rd, ServerEndpoint source, ServerEndpoint replica,
                      StartOptions options) throws SQLException {
        String e = GtidState.executed(rc, rd);
        String s = GtidState.one(sc, sd.selectSnapshotPosition());
        String u = GtidState.purged(sc, sd);
        String p = options.gtidPosition() == null ? null : options.gtidPosition().replaceAll("\\s+", "");
        String nothing = "; nothing was changed. ";
        if (p == null) {
            if (!u.isEmpty() && !isTrue(GtidState.subset(sc, sd, u, e))) {
                throw new StartRefusedException(1236, "start-replication refused: the source " + source + " has purged binlogs with GTIDs "
                        + GtidState.subtract(sc, sd, u, e).orElse(u) + " that " + replica + " (executed '" + e + "') has not applied"
                        + nothing + "Rebuild the replica: reset-replication --reset-gtids, then provision (or dump/restore/start-replication)");
            }
            String errant = GtidState.errant(rc, rd, e, s);
            if (!errant.isEmpty()) {
                throw new StartRefusedException(0, "start-replication refused: " + replica + " has GTIDs the source does not have: "
                        + errant + nothing + "The replica diverged; rebuild it with provision");
            }
            return new Plan(false, false);
        }
        if (isFalse(GtidState.subset(sc, sd, p, s))) {
            throw new StartRefusedException(0, "start-replication refused: the position '" + p + "' has GTIDs the source " + source
                    + " does not have (" + GtidState.subtract(sc, sd, p, s).orElse("?") + ")" + nothing
                    + "Use a dump or snapshot taken from this source");
        }
        if (!u.isEmpty() && purgedBeyond(sc, sd, u, p)) {
            throw new StartRefusedException(1236, "start-replication refused: the source " + source + " has purged binlogs with GTIDs "
                    + GtidState.subtract(sc, sd, u, p).orElse(u) + " (purged: '" + u + "') after the position '" + p + "'; the replica "
                    + "would stop with error 1236" + nothing + "Take a new dump or snapshot of the source and restore it (or run provision)");
        }
        if (e.isEmpty()) {
            return new Plan(false, true);
        }
        if (e.equals(p)) {
            return new Plan(false, false);
        }
        Optional<Boolean> olderPart = GtidState.subset(sc, sd, e, p);
        if (isFalse(olderPart)) {
            throw new StartRefusedException(3546, "start-replication refused: " + replica + " has executed GTIDs "
                    + GtidState.subtract(sc, sd, e, p).orElse(e) + " that are not in the position '" + p + "' (replica executed: '" + e
                    + "'); setting the position would fail with error 3546 or leave errant transactions" + nothing
                    + "Reset the replica (reset-replication --reset-gtids), restore the dump again, then start-replication");
        }
        if (!options.replicaRestored()) {
            throw new StartRefusedException(3546, "start-replication refused: " + replica + " already has executed GTIDs '" + e
                    + "', which overlap the position '" + p + "' (on MySQL error 3546: gtid_purged must not overlap gtid_executed; on MariaDB the replica would skip or repeat transactions)" + nothing
                    + "If the replica's data was just restored from this dump, pass {} to clear its "
                    + "GTID history first; otherwise reset-replication --reset-gtids, restore, then start-replication", RESTORED);
        }
        return new Plan(true, true);
    }

    /** The switch and the call that say the replica was just restored from the position. */
    static final AdminException.Remedy RESTORED = new AdminException.Remedy("--replica-restored",
            "StartOptions.restored(true)");

    /** True when U (purged) is not contained in P. */
    private static boolean purgedBeyond(Connection sc, Dialect sd, String u, String p) throws SQLException {
        Optional<Boolean> sub = GtidState.subset(sc, sd, u, p);
        return sub.isPresent() && !sub.get();
    }

    private static boolean isTrue(Optional<Boolean> b) {
        return b.orElse(true);
    }

    private static boolean isFalse(Optional<Boolean> b) {
        return b.isPresent() && !b.get();
    }
}
