package io.cqrs.admin.recovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GTID arithmetic for MariaDB positions ("domain-server-seq" lists, one entry per domain), which
 * have no server-side set functions. A position names the last transaction per domain; within a
 * domain, sequence numbers grow (gtid_strict_mode keeps them so).
 */
final class MariaDbPositions {

    record Gtid(long domain, long server, long seq) {
        @Override
        public String toString() {
            return domain + "-" + server + "-" + seq;
        }
    }

    private MariaDbPositions() {
    }

    static Map<Long, Gtid> parse(String position) {
        Map<Long, Gtid> m = new LinkedHashMap<>();
        if (position == null || position.isBlank()) {
            return m;
        }
        for (String part : position.replaceAll("\\s+", "").split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] f = part.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("'" + part + "' in MariaDB GTID position '" + position + "' is not domain-server-seq");
            }
            Gtid g = new Gtid(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
            m.merge(g.domain(), g, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        return m;
    }

    /**
     * The replica's transactions the source does not have: per domain, a replica position the
     * source lacks (domain unknown to the source, a higher sequence number, or the same number
     * written by another server), or the replica's own server id at the head of a domain the
     * source does not show it in (a local write shadowed by later source writes).
     */
    static String errant(String replica, String source, long replicaServerId) {
        Map<Long, Gtid> s = parse(source);
        List<String> out = new ArrayList<>();
        for (Gtid r : parse(replica).values()) {
            Gtid g = s.get(r.domain());
            boolean bad = g == null
                    || r.seq() > g.seq()
                    || (r.seq() == g.seq() && r.server() != g.server())
                    || (r.seq() < g.seq() && replicaServerId > 0 && r.server() == replicaServerId && g.server() != replicaServerId);
            if (bad && r.seq() > 0) {
                out.add(r.toString());
            }
        }
        return String.join(",", out);
    }

    /** What {@code ahead} has beyond {@code behind}, per domain, as "domain-server-from..to" ranges. */
    static String beyond(String ahead, String behind) {
        Map<Long, Gtid> b = parse(behind);
        List<String> out = new ArrayList<>();
        for (Gtid a : parse(ahead).values()) {
            Gtid g = b.get(a.domain());
            long have = g == null ? 0 : g.seq();
            if (a.seq() > have) {
                out.add(a.domain() + "-" + a.server() + "-" + (have + 1) + (a.seq() > have + 1 ? ".." + a.seq() : ""));
            }
        }
        return String.join(",", out);
    }
}
