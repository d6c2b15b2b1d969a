package io.cqrs.routing.consistency;

import io.cqrs.common.ServerFlavor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Set arithmetic on GTID set strings, just enough for tokens and the GTID lag probe:
 * MySQL {@code uuid[:tag]:1-5:7,...} and MariaDB {@code domain-server-seq,...} positions.
 *
 * <p>MariaDB positions are compared per replication domain by sequence number (the way
 * {@code MASTER_GTID_WAIT} does); the server id of the highest sequence is kept.
 *
 * <p>TODO switch callers to {@code io.cqrs.common.GtidSet} once it lands on main; this
 * class is the stop-gap so that the routing parts can be tested on their own.
 */
public final class GtidTexts {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,31}");
    private static final Pattern INTERVAL = Pattern.compile("\\d{1,19}(-\\d{1,19})?");
    private static final Pattern MARIADB_GTID = Pattern.compile("\\d{1,10}-\\d{1,10}-\\d{1,20}");

    private GtidTexts() {
    }

    /** The canonical spelling of {@code set}; the empty string for an empty set. */
    public static String normalize(ServerFlavor flavor, String set) {
        return flavor == ServerFlavor.MARIADB ? formatMariaDb(parseMariaDb(set)) : formatMySql(parseMySql(set));
    }

    /** The union (MariaDB: per domain the highest sequence number). */
    public static String union(ServerFlavor flavor, String a, String b) {
        if (flavor == ServerFlavor.MARIADB) {
            Map<Long, long[]> result = parseMariaDb(a);
            parseMariaDb(b).forEach((domain, gtid) -> mergeMariaDb(result, domain, gtid));
            return formatMariaDb(result);
        }
        Map<String, List<long[]>> result = parseMySql(a);
        parseMySql(b).forEach((key, intervals) -> intervals.forEach(iv -> addInterval(result, key, iv[0], iv[1])));
        return formatMySql(result);
    }

    /** Whether every transaction of {@code subset} is in {@code superset}. */
    public static boolean contains(ServerFlavor flavor, String superset, String subset) {
        return missing(flavor, subset, superset) == 0;
    }

    /**
     * How many transactions of {@code source} are not in {@code replica} (saturates at
     * {@link Long#MAX_VALUE}). MariaDB: the sum over domains of the sequence gap.
     */
    public static long missing(ServerFlavor flavor, String source, String replica) {
        long missing = 0;
        if (flavor == ServerFlavor.MARIADB) {
            Map<Long, long[]> rep = parseMariaDb(replica);
            for (Map.Entry<Long, long[]> e : parseMariaDb(source).entrySet()) {
                long[] have = rep.get(e.getKey());
                long gap = e.getValue()[1] - (have == null ? 0 : have[1]);
                missing = saturatedAdd(missing, Math.max(0, gap));
            }
            return missing;
        }
        Map<String, List<long[]>> rep = parseMySql(replica);
        for (Map.Entry<String, List<long[]>> e : parseMySql(source).entrySet()) {
            List<long[]> have = rep.getOrDefault(e.getKey(), List.of());
            for (long[] iv : e.getValue()) {
                missing = saturatedAdd(missing, uncovered(iv, have));
            }
        }
        return missing;
    }

    private static long uncovered(long[] iv, List<long[]> have) {
        long count = iv[1] - iv[0] + 1;
        for (long[] h : have) {
            long lo = Math.max(iv[0], h[0]);
            long hi = Math.min(iv[1], h[1]);
            if (lo <= hi) {
                count -= hi - lo + 1;
            }
        }
        return count;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    // ---- MySQL --------------------------------------------------------------------------

    private static Map<String, List<long[]>> parseMySql(String set) {
        Map<String, List<long[]>> result = new TreeMap<>();
        if (set == null) {
            return result;
        }
        for (String element : set.split(",")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split(":");
            if (!UUID.matcher(parts[0].strip()).matches() || parts.length < 2) {
                throw invalid(ServerFlavor.MYSQL, set, "'" + abbreviate(e) + "' is not uuid[:tag]:interval[:interval...]");
            }
            String uuid = parts[0].strip().toLowerCase(Locale.ROOT);
            String key = uuid;
            boolean sawInterval = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (INTERVAL.matcher(p).matches()) {
                    int dash = p.indexOf('-');
                    long lo = parseLong(set, dash < 0 ? p : p.substring(0, dash));
                    long hi = dash < 0 ? lo : parseLong(set, p.substring(dash + 1));
                    if (lo < 1 || hi < lo) {
                        throw invalid(ServerFlavor.MYSQL, set, "interval '" + p + "' must be n or n-m with 1 <= n <= m");
                    }
                    addInterval(result, key, lo, hi);
                    sawInterval = true;
                } else if (TAG.matcher(p).matches()) {
                    key = uuid + ":" + p.toLowerCase(Locale.ROOT);
                } else {
                    throw invalid(ServerFlavor.MYSQL, set, "'" + abbreviate(p) + "' is neither an interval nor a tag");
                }
            }
            if (!sawInterval) {
                throw invalid(ServerFlavor.MYSQL, set, "'" + abbreviate(e) + "' has no interval");
            }
        }
        return result;
    }

    private static long parseLong(String set, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw invalid(ServerFlavor.MYSQL, set, "'" + digits + "' is out of range");
        }
    }

    private static void addInterval(Map<String, List<long[]>> map, String key, long lo, long hi) {
        List<long[]> list = map.computeIfAbsent(key, k -> new ArrayList<>());
        List<long[]> merged = new ArrayList<>(list.size() + 1);
        long[] cur = {lo, hi};
        boolean placed = false;
        for (long[] iv : list) {
            if (iv[1] < cur[0] - 1) {
                merged.add(iv);
            } else if (iv[0] > cur[1] + 1) {
                if (!placed) {
                    merged.add(cur);
                    placed = true;
                }
                merged.add(iv);
            } else {
                cur = new long[] {Math.min(cur[0], iv[0]), Math.max(cur[1], iv[1])};
            }
        }
        if (!placed) {
            merged.add(cur);
        }
        list.clear();
        list.addAll(merged);
    }

    private static String formatMySql(Map<String, List<long[]>> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((key, intervals) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(key);
            for (long[] iv : intervals) {
                sb.append(':').append(iv[0]);
                if (iv[1] != iv[0]) {
                    sb.append('-').append(iv[1]);
                }
            }
        });
        return sb.toString();
    }

    // ---- MariaDB ------------------------------------------------------------------------

    private static Map<Long, long[]> parseMariaDb(String set) {
        Map<Long, long[]> result = new TreeMap<>();
        if (set == null) {
            return result;
        }
        for (String element : set.split(",")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (!MARIADB_GTID.matcher(e).matches()) {
                throw invalid(ServerFlavor.MARIADB, set, "'" + abbreviate(e) + "' is not domain-server-seq");
            }
            String[] p = e.split("-");
            try {
                mergeMariaDb(result, Long.parseLong(p[0]), new long[] {Long.parseLong(p[1]), Long.parseUnsignedLong(p[2])});
            } catch (NumberFormatException ex) {
                throw invalid(ServerFlavor.MARIADB, set, "'" + abbreviate(e) + "' is out of range");
            }
        }
        return result;
    }

    private static void mergeMariaDb(Map<Long, long[]> map, long domain, long[] serverAndSeq) {
        long[] have = map.get(domain);
        if (have == null || Long.compareUnsigned(serverAndSeq[1], have[1]) > 0) {
            map.put(domain, serverAndSeq);
        }
    }

    private static String formatMariaDb(Map<Long, long[]> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((domain, gtid) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(domain).append('-').append(gtid[0]).append('-').append(Long.toUnsignedString(gtid[1]));
        });
        return sb.toString();
    }

    private static IllegalArgumentException invalid(ServerFlavor flavor, String set, String why) {
        String expected = flavor == ServerFlavor.MARIADB
                ? "MariaDB GTID positions look like 0-1-42,1-2-7"
                : "MySQL GTID sets look like 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7";
        return new IllegalArgumentException("Invalid " + flavor.displayName() + " GTID set '" + abbreviate(set) + "': "
                + why + " (" + expected + ")");
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
