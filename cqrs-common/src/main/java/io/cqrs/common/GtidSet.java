package io.cqrs.common;

import java.util.Objects;

/**
 * A set of global transaction ids in either server's format, with the set algebra done
 * client-side. Immutable and thread-safe; every operation returns a new set.
 *
 * <h2>MySQL</h2>
 * The text form is {@code uuid:1-5:7:9-12,uuid2:1-3}: for every source server uuid, the
 * transaction numbers it has, as intervals. This type keeps it normalised (uuids in lower
 * case and sorted, intervals sorted and merged when they overlap or touch), so
 * {@link #toString()} is canonical and round-trips through {@link #parse}. Whitespace and
 * newlines between entries, as MySQL prints {@code @@gtid_executed}, are accepted.
 * MySQL 8.4 tagged GTIDs ({@code uuid:1-5:mytag:1-3}) are supported: a tag is
 * {@code [a-z_][a-z0-9_]{0,31}}, case-insensitive, normalised to lower case, and the
 * transactions of {@code uuid:tag} are distinct from the untagged ones of {@code uuid}.
 * All operations are exact set operations.
 *
 * <h2>MariaDB</h2>
 * The text form is {@code domain-server-seq,...}, e.g. {@code 0-1-100,1-2-7}. A MariaDB GTID
 * position is a <em>per-domain high-water mark</em>: for each replication domain, the last
 * transaction applied (its sequence number, plus the server id that wrote it, kept only so
 * the position prints back as the server would). In GTID strict mode sequence numbers are
 * monotonic per domain, so "has seq N of domain D" means "has everything of D up to N". The
 * operations follow that model:
 * <ul>
 *   <li>{@code a.contains(b)}: for every domain of {@code b}, {@code a} has the domain with a
 *       sequence number at least {@code b}'s;</li>
 *   <li>{@code union}: per-domain maximum; {@code intersect}: per-domain minimum over the
 *       domains both have;</li>
 *   <li>{@code a.subtract(b)}: the domains where {@code a} is ahead of {@code b} (or that
 *       {@code b} lacks), with {@code a}'s entries; empty exactly when {@code b.contains(a)}.
 *       This says where {@code a} is ahead, not which transactions it has that {@code b} lacks:
 *       it is not an exact set difference, so {@code a.subtract(b).intersect(b)} need not be
 *       empty.</li>
 * </ul>
 * If a text lists one domain twice (as {@code @@gtid_binlog_state} does, once per server),
 * the entry with the highest sequence number wins; between equal sequence numbers, the
 * higher server id (so that union is commutative). {@link #transactionCount()} is not
 * defined for MariaDB.
 *
 * <p>Operations between sets of different flavours throw {@link IllegalArgumentException}.
 * Equality compares flavour and canonical text (for MariaDB that includes the server ids,
 * which {@code contains} ignores).
 */
public abstract sealed class GtidSet permits MySqlGtidSet, MariaDbGtidSet {

    private volatile String text;

    GtidSet() {
    }

    /**
     * Parses a GTID set as the server prints it ({@code @@gtid_executed}, {@code @@gtid_purged},
     * {@code @@gtid_slave_pos}, {@code @@gtid_current_pos}, a dump's GTID line). A blank string
     * is the empty set.
     *
     * @throws IllegalArgumentException when the text is not a GTID set of that flavour; the
     *                                  message quotes the bad part and shows the right format
     */
    public static GtidSet parse(ServerFlavor flavor, String text) {
        Objects.requireNonNull(flavor, "flavor");
        if (text == null) {
            throw new IllegalArgumentException("GTID set is null; pass \"\" for an empty set, e.g. "
                    + example(flavor));
        }
        return flavor == ServerFlavor.MYSQL ? MySqlGtidSet.parse(text) : MariaDbGtidSet.parse(text);
    }

    /**
     * Whether {@code text} is already the canonical spelling ({@link #toString()}) of a set of this
     * flavour, checked in one pass without parsing. Exact for MariaDB positions and untagged MySQL
     * sets; false for tagged MySQL sets (normalise those with {@code parse(...).toString()}).
     */
    public static boolean isCanonical(ServerFlavor flavor, String text) {
        Objects.requireNonNull(flavor, "flavor");
        return text != null && CanonicalGtidText.isCanonical(flavor, text);
    }

    /**
     * The union of two texts already in canonical spelling (see {@link #isCanonical}), canonical.
     * Without parsing for a session token plus the GTID of one new transaction (MariaDB: one
     * domain; MySQL: one uuid, the new interval at or after the token's last one), where the result
     * is {@code a} itself when {@code b} adds nothing; otherwise parsed, united and formatted. The
     * result is always {@code a} itself when {@code b} adds nothing to it.
     */
    public static String unionOfCanonical(ServerFlavor flavor, String a, String b) {
        Objects.requireNonNull(flavor, "flavor");
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty() || a.equals(b)) {
            return a;
        }
        String fast = CanonicalGtidText.fastUnion(flavor, a, b);
        if (fast != null) {
            return fast;
        }
        String u = parse(flavor, a).union(parse(flavor, b)).toString();
        return u.equals(a) ? a : u;
    }

    /** The empty set of this flavour. */
    public static GtidSet empty(ServerFlavor flavor) {
        Objects.requireNonNull(flavor, "flavor");
        return flavor == ServerFlavor.MYSQL ? MySqlGtidSet.EMPTY : MariaDbGtidSet.EMPTY;
    }

    /** The MySQL set {@code uuid:first-last}; e.g. {@code ofMySql(uuid, 1, 5)}. */
    public static GtidSet ofMySql(String uuid, long first, long last) {
        return MySqlGtidSet.of(uuid, first, last);
    }

    /** The MariaDB position {@code domain-server-sequence}; e.g. {@code ofMariaDb(0, 1, 100)}. */
    public static GtidSet ofMariaDb(long domainId, long serverId, long sequence) {
        return MariaDbGtidSet.of(domainId, serverId, sequence);
    }

    /** An example of the text format of this flavour, for error messages. */
    static String example(ServerFlavor flavor) {
        return flavor == ServerFlavor.MYSQL
                ? "'3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,4d22bb58-82db-22f2-af44-d91bb9530673:1-3'"
                : "'0-1-100,1-2-7' (domain-server-sequence)";
    }

    /** Which server's format and semantics this set has. */
    public abstract ServerFlavor flavor();

    /** True when the set holds no GTID. */
    public abstract boolean isEmpty();

    /** Every GTID in this set or in {@code other} (MariaDB: per-domain maximum). */
    public final GtidSet union(GtidSet other) {
        return unionSameFlavor(sameFlavor(other, "union"));
    }

    /** The GTIDs of this set that are not in {@code other} (MariaDB: the domains where this is ahead). */
    public final GtidSet subtract(GtidSet other) {
        return subtractSameFlavor(sameFlavor(other, "subtract"));
    }

    /** The GTIDs in both sets (MariaDB: per-domain minimum over common domains). */
    public final GtidSet intersect(GtidSet other) {
        return intersectSameFlavor(sameFlavor(other, "intersect"));
    }

    /** True when every GTID of {@code other} is in this set; every set contains the empty set. */
    public final boolean contains(GtidSet other) {
        return containsSameFlavor(sameFlavor(other, "contains"));
    }

    /**
     * The transactions of a replica at this set that its source at {@code source} does not have:
     * the errant transactions that make it diverge. MySQL: exactly {@code this - source}. MariaDB,
     * whose positions keep only a high-water mark per domain: the domains where this position is
     * ahead of the source's or that the source lacks, where both stand at the same sequence number
     * written by different servers (two histories), or where this position's head was written by
     * the replica itself ({@code ownServerId}, 0 when unknown) and the source's head by another
     * server (a local write since shadowed by the source's later ones).
     */
    public final GtidSet errantAgainst(GtidSet source, long ownServerId) {
        return errantAgainstSameFlavor(sameFlavor(source, "errantAgainst"), ownServerId);
    }

    abstract GtidSet errantAgainstSameFlavor(GtidSet source, long ownServerId);

    /**
     * The number of transactions in a MySQL set.
     *
     * @throws UnsupportedOperationException for MariaDB, whose positions do not enumerate transactions
     * @throws ArithmeticException           if the count does not fit a long
     */
    public abstract long transactionCount();

    /**
     * How many transactions of this set {@code other} lacks (how far a replica at {@code other}
     * is behind a source at this set); saturates at {@link Long#MAX_VALUE}. MySQL: exactly the
     * size of {@code this - other}. MariaDB: the sum over domains of the sequence-number gap,
     * exact under gtid_strict_mode where sequence numbers are consecutive per domain.
     */
    public final long transactionsNotIn(GtidSet other) {
        return transactionsNotInSameFlavor(sameFlavor(other, "transactionsNotIn"));
    }

    abstract long transactionsNotInSameFlavor(GtidSet other);

    abstract GtidSet unionSameFlavor(GtidSet other);

    abstract GtidSet subtractSameFlavor(GtidSet other);

    abstract GtidSet intersectSameFlavor(GtidSet other);

    abstract boolean containsSameFlavor(GtidSet other);

    abstract String format();

    private GtidSet sameFlavor(GtidSet other, String operation) {
        Objects.requireNonNull(other, "other GTID set");
        if (other.flavor() != flavor()) {
            throw new IllegalArgumentException(operation + "() needs two sets of one flavour, got a " + flavor().displayName()
                    + " GTID set ('" + abbreviate(toString()) + "') and a " + other.flavor().displayName()
                    + " GTID set ('" + abbreviate(other.toString()) + "'); parse both with the flavour of the same server");
        }
        return other;
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** The canonical server text of this set; {@code parse(flavor(), toString())} gives an equal set. */
    @Override
    public final String toString() {
        String t = text;
        if (t == null) {
            t = format();
            text = t;
        }
        return t;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof GtidSet other && other.flavor() == flavor() && other.toString().equals(toString());
    }

    @Override
    public final int hashCode() {
        return 31 * flavor().hashCode() + toString().hashCode();
    }
}
