package io.cqrs.admin.replication;

import io.cqrs.admin.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replica's status as check-replication reports it: the few SHOW REPLICA/SLAVE STATUS
 * columns the runbook looks at, read under either naming (Replica_* / Slave_*, *_Source / *_Master).
 *
 * @param configured  false when the server has no replication configured (empty status)
 * @param pairProblem why the replica is not a replica of the source it was checked against
 *                    ({@link ReplicationAdmin#checkPair}); {@code null} when it is, or when no source was given
 */
public record ReplicationHealth(String replica, boolean configured, String ioRunning, String sqlRunning, Long secondsBehind,
                                int lastIoErrno, String lastIoError, int lastSqlErrno, String lastSqlError,
                                String sourceHost, int sourcePort, String executedGtids, String pairProblem) {

    static ReplicationHealth of(String replica, Map<String, String> row, String executedGtids) {
        if (row.isEmpty()) {
            return new ReplicationHealth(replica, false, "No", "No", null, 0, "", 0, "", "", 0, executedGtids, null);
        }
        ReplicationStatus s = ReplicationStatus.fromRow(row); // reads either column naming
        String io = switch (s.ioThread()) {
            case YES -> "Yes";
            case NO -> "No";
            case CONNECTING -> "Connecting";
        };
        return new ReplicationHealth(replica, true, io, s.sqlThreadRunning() ? "Yes" : "No",
                s.secondsBehindSource().isPresent() ? s.secondsBehindSource().getAsLong() : null,
                s.lastIoErrno(), nz(s.lastIoError()), s.lastSqlErrno(), nz(s.lastSqlError()),
                nz(s.sourceHost()), s.sourcePort(), executedGtids, null);
    }

    /** The same status, unhealthy because the replica is not a replica of the source it was checked against. */
    public ReplicationHealth withPairProblem(String problem) {
        return new ReplicationHealth(replica, configured, ioRunning, sqlRunning, secondsBehind, lastIoErrno, lastIoError, lastSqlErrno,
                lastSqlError, sourceHost, sourcePort, executedGtids, problem);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Both threads running, no errors, not behind: what the runbook's check-replication looks for. */
    public boolean healthy() {
        return pairProblem == null && configured && "Yes".equalsIgnoreCase(ioRunning) && "Yes".equalsIgnoreCase(sqlRunning)
                && secondsBehind != null && secondsBehind == 0 && lastIoErrno == 0 && lastSqlErrno == 0;
    }

    /** Why it is not healthy (empty when healthy). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (pairProblem != null) {
            p.add(pairProblem);
        }
        if (!configured) {
            p.add("replication is not configured (run start-replication)");
            return p;
        }
        if (!"Yes".equalsIgnoreCase(ioRunning)) {
            p.add("IO thread is " + ioRunning + (lastIoErrno != 0 ? " (error " + lastIoErrno + ": " + lastIoError + ")" : ""));
        } else if (lastIoErrno != 0) {
            p.add("IO error " + lastIoErrno + ": " + lastIoError);
        }
        if (!"Yes".equalsIgnoreCase(sqlRunning)) {
            p.add("SQL thread is " + sqlRunning + (lastSqlErrno != 0 ? " (error " + lastSqlErrno + ": " + lastSqlError + ")" : ""));
        } else if (lastSqlErrno != 0) {
            p.add("SQL error " + lastSqlErrno + ": " + lastSqlError);
        }
        if (secondsBehind == null) {
            if ("Yes".equalsIgnoreCase(sqlRunning)) {
                p.add("lag unknown (Seconds_Behind is NULL)");
            }
        } else if (secondsBehind > 0) {
            p.add("behind the source by " + secondsBehind + " s");
        }
        return p;
    }

    /** Ordered fields for table and JSON output. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("replica", replica);
        m.put("healthy", healthy());
        m.put("configured", configured);
        m.put("source", sourceHost.isEmpty() ? "" : sourceHost + ":" + sourcePort);
        m.put("io_running", ioRunning);
        m.put("sql_running", sqlRunning);
        m.put("seconds_behind_source", secondsBehind);
        m.put("last_io_errno", lastIoErrno);
        m.put("last_io_error", lastIoError);
        m.put("last_sql_errno", lastSqlErrno);
        m.put("last_sql_error", lastSqlError);
        m.put("executed_gtids", executedGtids);
        m.put("problems", problems());
        return m;
    }

    public String toJson() {
        return Json.write(fields());
    }

    /** A two-column table for terminals. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : fields().entrySet()) {
            Object v = e.getValue();
            String s = v instanceof List<?> l ? (l.isEmpty() ? "-" : String.join("; ", l.stream().map(Object::toString).toList()))
                    : v == null ? "NULL" : v.toString();
            sb.append(String.format("%-22s %s%n", e.getKey(), s.isEmpty() ? "-" : s));
        }
        return sb.toString();
    }
}
