package io.cqrs.admin.replication;

import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;

import java.util.Objects;

/**
 * Where a replica stands against its source, judged from GTID sets alone before replication is
 * (re)started. {@link #classify} decides it and keeps the evidence.
 *
 * <p>Rules, in order of precedence:
 * <ol>
 *   <li>{@link #NEW}: the replica has no GTIDs. If the source has purged binlogs the replica
 *       would need, the assessment says a full snapshot is required.</li>
 *   <li>{@link #IDENTICAL}: the replica has exactly the source's transactions.</li>
 *   <li>{@link #DIVERGED}: the replica has transactions the source does not (errant GTIDs);
 *       this wins over everything below, since catching up cannot remove them.</li>
 *   <li>{@link #IRRECOVERABLE}: some transaction the replica lacks is in the source's purged
 *       set, so {@code START REPLICA} would fail with error 1236 (MySQL 8.0 reports it as
 *       13114); only a rebuild from a snapshot helps.</li>
 *   <li>{@link #RECOVERABLE}: the replica is behind and can catch up from the source's binlogs.</li>
 * </ol>
 *
 * <p>MariaDB has no {@code gtid_purged}; pass {@code null} as the purged set when it is not known
 * (it can be read from the oldest binlog's Gtid_list event). Then no verdict is
 * {@link #IRRECOVERABLE}: a replica that is behind is reported {@link #RECOVERABLE}, and the
 * explanation says the purged set was not checked. MariaDB sets are per-domain high-water
 * marks (see {@link GtidSet}), so its evidence sets name domains and positions, not
 * individual transactions.
 */
public enum ReplicaGtidState {
    NEW,
    IDENTICAL,
    RECOVERABLE,
    IRRECOVERABLE,
    DIVERGED;

    /**
     * The verdict and its evidence.
     *
     * @param state            the verdict
     * @param missingOnReplica what the source has and the replica lacks
     * @param errantOnReplica  what the replica has and the source lacks (errant transactions)
     * @param neededButPurged  what the replica lacks that the source no longer has in its binlogs;
     *                         empty when the purged set is unknown
     * @param purgedKnown      false when the source's purged set was not given (MariaDB)
     * @param explanation      one line for a person
     */
    public record Assessment(ReplicaGtidState state, GtidSet missingOnReplica, GtidSet errantOnReplica,
                             GtidSet neededButPurged, boolean purgedKnown, String explanation) {

        public Assessment {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(missingOnReplica, "missingOnReplica");
            Objects.requireNonNull(errantOnReplica, "errantOnReplica");
            Objects.requireNonNull(neededButPurged, "neededButPurged");
            Objects.requireNonNull(explanation, "explanation");
        }

        /**
         * True when the replica must be provisioned from a snapshot instead of catching up from
         * binlogs: irrecoverable, diverged, or new while the source has purged binlogs (or while
         * that is unknown, to be safe).
         */
        public boolean snapshotRequired() {
            return state == IRRECOVERABLE || state == DIVERGED
                    || (state == NEW && (!purgedKnown || !neededButPurged.isEmpty()));
        }
    }

    /**
     * Classifies a replica against its source.
     *
     * @param sourceExecuted  the source's {@code gtid_executed} / {@code gtid_binlog_pos}
     * @param sourcePurged    the source's {@code gtid_purged}; {@code null} when unknown (MariaDB)
     * @param replicaExecuted the replica's {@code gtid_executed} / {@code gtid_slave_pos}
     * @throws IllegalArgumentException when the sets are of different flavours
     */
    public static Assessment classify(GtidSet sourceExecuted, GtidSet sourcePurged, GtidSet replicaExecuted) {
        Objects.requireNonNull(sourceExecuted, "sourceExecuted");
        Objects.requireNonNull(replicaExecuted, "replicaExecuted");
        ServerFlavor flavor = sourceExecuted.flavor();
        requireFlavor("replica executed", replicaExecuted, flavor);
        boolean purgedKnown = sourcePurged != null;
        if (purgedKnown) {
            requireFlavor("source purged", sourcePurged, flavor);
        }

        GtidSet missing = sourceExecuted.subtract(replicaExecuted);
        GtidSet errant = replicaExecuted.subtract(sourceExecuted);
        // Exact for MySQL (purged is a subset of executed); for MariaDB it keeps the domains whose
        // purge point lies beyond the replica's position among those the replica lags in.
        GtidSet purgedNeeded = purgedKnown
                ? sourcePurged.subtract(replicaExecuted).intersect(missing)
                : GtidSet.empty(flavor);

        if (replicaExecuted.isEmpty()) {
            String why = purgedNeeded.isEmpty()
                    ? (purgedKnown
                        ? "replica has no GTIDs and the source still has all its binlogs; it can replicate from the start or be provisioned from a snapshot"
                        : "replica has no GTIDs; the source's purged set is unknown, so provision it from a full snapshot unless you know the binlogs go back to the start")
                    : "replica has no GTIDs and the source has purged " + describe(purgedNeeded)
                        + " from its binlogs; a full snapshot (dump + restore) is required";
            return new Assessment(NEW, missing, errant, purgedNeeded, purgedKnown, why);
        }
        if (missing.isEmpty() && errant.isEmpty()) {
            return new Assessment(IDENTICAL, missing, errant, purgedNeeded, purgedKnown,
                    "replica has exactly the source's transactions (" + describe(sourceExecuted) + ")");
        }
        if (!errant.isEmpty()) {
            return new Assessment(DIVERGED, missing, errant, purgedNeeded, purgedKnown,
                    "replica has " + describe(errant) + " that the source never had (errant transactions); "
                            + "rebuild it from a snapshot of the source, or remove the errant transactions by hand");
        }
        if (!purgedNeeded.isEmpty()) {
            return new Assessment(IRRECOVERABLE, missing, errant, purgedNeeded, purgedKnown,
                    "replica lacks " + describe(purgedNeeded) + " which the source has purged from its binlogs; "
                            + "replication would stop with error 1236, rebuild the replica from a snapshot");
        }
        return new Assessment(RECOVERABLE, missing, errant, purgedNeeded, purgedKnown,
                "replica is behind by " + describe(missing) + " and can catch up from the source's binlogs"
                        + (purgedKnown ? "" : " (the source's purged set is unknown and was not checked)"));
    }

    private static void requireFlavor(String what, GtidSet set, ServerFlavor flavor) {
        if (set.flavor() != flavor) {
            throw new IllegalArgumentException("the " + what + " GTID set is " + set.flavor().displayName()
                    + " ('" + abbreviate(set.toString()) + "') but the source executed set is " + flavor.displayName()
                    + "; read every set from servers of the same flavour");
        }
    }

    private static String describe(GtidSet set) {
        String text = "'" + abbreviate(set.toString()) + "'";
        if (set.flavor() == ServerFlavor.MYSQL) {
            long n = set.transactionCount();
            return n + (n == 1 ? " transaction " : " transactions ") + text;
        }
        return "GTID position " + text;
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
