package io.cqrs.routing.consistency;

import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;

/**
 * GTID set arithmetic on the strings the servers and tokens carry, delegated to
 * {@link GtidSet} (MySQL {@code uuid[:tag]:1-5:7,...}; MariaDB {@code domain-server-seq,...}
 * positions compared per domain by sequence number, the way {@code MASTER_GTID_WAIT} does).
 * A null or blank string is the empty set.
 */
public final class GtidTexts {

    private GtidTexts() {
    }

    /** The canonical spelling of {@code set}; the empty string for an empty set. */
    public static String normalize(ServerFlavor flavor, String set) {
        return parse(flavor, set).toString();
    }

    /** The union of two sets, canonical. */
    public static String union(ServerFlavor flavor, String a, String b) {
        return parse(flavor, a).union(parse(flavor, b)).toString();
    }

    /** Whether {@code superset} contains every GTID of {@code subset}. */
    public static boolean contains(ServerFlavor flavor, String superset, String subset) {
        return parse(flavor, superset).contains(parse(flavor, subset));
    }

    /**
     * How many transactions of {@code source} are not in {@code replica} (saturates at
     * {@link Long#MAX_VALUE}). MariaDB: the sum over domains of the sequence gap.
     */
    public static long missing(ServerFlavor flavor, String source, String replica) {
        return parse(flavor, source).transactionsNotIn(parse(flavor, replica));
    }

    private static GtidSet parse(ServerFlavor flavor, String set) {
        return GtidSet.parse(flavor, set == null ? "" : set);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
