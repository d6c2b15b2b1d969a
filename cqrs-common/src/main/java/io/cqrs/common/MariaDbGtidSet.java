package io.cqrs.common;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * MariaDB GTID position: per domain id, the last GTID (server id, sequence number). Domain and
 * server ids are unsigned 32-bit, sequence numbers unsigned 64-bit (held in a long, compared
 * unsigned). See {@link GtidSet} for the high-water-mark semantics.
 */
final class MariaDbGtidSet extends GtidSet {

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    static final MariaDbGtidSet EMPTY = new MariaDbGtidSet(new TreeMap<>());

    private final SortedMap<Long, Gtid> positions;

    /** One GTID {@code domain-server-sequence}. */
    record Gtid(long domain, long server, long sequence) {

        /** Orders by sequence number, then server id: the larger one is the high-water mark. */
        int compareProgress(Gtid o) {
            int c = Long.compareUnsigned(sequence, o.sequence);
            return c != 0 ? c : Long.compare(server, o.server);
        }

        @Override
        public String toString() {
            return domain + "-" + server + "-" + Long.toUnsignedString(sequence);
        }
    }

    private MariaDbGtidSet(TreeMap<Long, Gtid> positions) {
        this.positions = Collections.unmodifiableSortedMap(positions);
    }

    private static MariaDbGtidSet of(TreeMap<Long, Gtid> positions) {
        return positions.isEmpty() ? EMPTY : new MariaDbGtidSet(positions);
    }

    static MariaDbGtidSet of(long domain, long server, long sequence) {
        String text = domain + "-" + server + "-" + Long.toUnsignedString(sequence);
        if (domain < 0 || domain > MAX_UINT32 || server < 0 || server > MAX_UINT32) {
            throw new IllegalArgumentException("MariaDB GTID '" + text + "': domain and server ids must be 0-"
                    + MAX_UINT32 + "; expected e.g. " + example(ServerFlavor.MARIADB));
        }
        TreeMap<Long, Gtid> m = new TreeMap<>();
        m.put(domain, new Gtid(domain, server, sequence));
        return new MariaDbGtidSet(m);
    }

    static MariaDbGtidSet parse(String text) {
        if (text.isBlank()) {
            return EMPTY;
        }
        TreeMap<Long, Gtid> result = new TreeMap<>();
        for (String part : text.split(",", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                throw bad(text, "it has an empty entry (two commas in a row, or a comma at the start or end)");
            }
            String[] fields = entry.split("-", -1);
            if (fields.length != 3) {
                String hint = entry.contains(":")
                        ? " (it looks like a MySQL uuid:interval set; parse it with ServerFlavor.MYSQL)"
                        : "";
                throw bad(text, "'" + entry + "' is not domain-server-sequence" + hint);
            }
            long domain = unsigned(text, entry, fields[0].strip(), "domain id", true);
            long server = unsigned(text, entry, fields[1].strip(), "server id", true);
            long sequence = unsigned(text, entry, fields[2].strip(), "sequence number", false);
            Gtid gtid = new Gtid(domain, server, sequence);
            result.merge(domain, gtid, MariaDbGtidSet::max);
        }
        return of(result);
    }

    private static long unsigned(String text, String entry, String digits, String what, boolean uint32) {
        boolean ok = !digits.isEmpty() && digits.length() <= 20;
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        if (ok) {
            try {
                long value = Long.parseUnsignedLong(digits);
                if (!uint32 || value <= MAX_UINT32) {
                    return value;
                }
            } catch (NumberFormatException tooLarge) {
                // falls through to the message below
            }
        }
        throw bad(text, "the " + what + " '" + digits + "' in '" + entry + "' is not a number from 0 to "
                + (uint32 ? Long.toString(MAX_UINT32) : Long.toUnsignedString(-1L)));
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("invalid MariaDB GTID position '" + abbreviate(text.strip()) + "': "
                + problem + "; expected e.g. " + example(ServerFlavor.MARIADB));
    }

    private static Gtid max(Gtid a, Gtid b) {
        return a.compareProgress(b) >= 0 ? a : b;
    }

    private static Gtid min(Gtid a, Gtid b) {
        return a.compareProgress(b) <= 0 ? a : b;
    }

    @Override
    public ServerFlavor flavor() {
        return ServerFlavor.MARIADB;
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long transactionCount() {
        throw new UnsupportedOperationException("a MariaDB GTID position ('" + abbreviate(toString())
                + "') is a per-domain high-water mark and does not enumerate transactions; "
                + "compare positions with contains/subtract instead");
    }

    @Override
    long transactionsNotInSameFlavor(GtidSet o) {
        SortedMap<Long, Gtid> other = ((MariaDbGtidSet) o).positions;
        long missing = 0;
        for (Gtid g : positions.values()) {
            Gtid have = other.get(g.domain());
            long gap = have == null ? g.sequence() : g.sequence() - have.sequence();
            if (Long.compareUnsigned(gap, 0) > 0 && (have == null || Long.compareUnsigned(g.sequence(), have.sequence()) > 0)) {
                missing = gap < 0 || Long.MAX_VALUE - missing < gap ? Long.MAX_VALUE : missing + gap;
            }
        }
        return missing;
    }

    @Override
    GtidSet unionSameFlavor(GtidSet o) {
        MariaDbGtidSet other = (MariaDbGtidSet) o;
        TreeMap<Long, Gtid> result = new TreeMap<>(positions);
        other.positions.forEach((domain, gtid) -> result.merge(domain, gtid, MariaDbGtidSet::max));
        return of(result);
    }

    @Override
    GtidSet subtractSameFlavor(GtidSet o) {
        MariaDbGtidSet other = (MariaDbGtidSet) o;
        TreeMap<Long, Gtid> result = new TreeMap<>();
        positions.forEach((domain, gtid) -> {
            Gtid theirs = other.positions.get(domain);
            if (theirs == null || Long.compareUnsigned(gtid.sequence(), theirs.sequence()) > 0) {
                result.put(domain, gtid);
            }
        });
        return of(result);
    }

    @Override
    GtidSet errantAgainstSameFlavor(GtidSet o, long ownServerId) {
        MariaDbGtidSet source = (MariaDbGtidSet) o;
        TreeMap<Long, Gtid> result = new TreeMap<>();
        positions.forEach((domain, mine) -> {
            Gtid theirs = source.positions.get(domain);
            int c = theirs == null ? 1 : Long.compareUnsigned(mine.sequence(), theirs.sequence());
            boolean errant = c > 0
                    || (c == 0 && mine.server() != theirs.server())
                    || (c < 0 && ownServerId > 0 && mine.server() == ownServerId && theirs.server() != ownServerId);
            if (errant && mine.sequence() != 0) {
                result.put(domain, mine);
            }
        });
        return of(result);
    }

    @Override
    GtidSet intersectSameFlavor(GtidSet o) {
        MariaDbGtidSet other = (MariaDbGtidSet) o;
        TreeMap<Long, Gtid> result = new TreeMap<>();
        positions.forEach((domain, gtid) -> {
            Gtid theirs = other.positions.get(domain);
            if (theirs != null) {
                result.put(domain, min(gtid, theirs));
            }
        });
        return of(result);
    }

    @Override
    boolean containsSameFlavor(GtidSet o) {
        MariaDbGtidSet other = (MariaDbGtidSet) o;
        for (Gtid theirs : other.positions.values()) {
            Gtid mine = positions.get(theirs.domain());
            if (mine == null || Long.compareUnsigned(mine.sequence(), theirs.sequence()) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    String format() {
        StringBuilder sb = new StringBuilder();
        for (Gtid gtid : positions.values()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(gtid);
        }
        return sb.toString();
    }
}
