package io.cqrs.admin.recovery;

import io.cqrs.admin.replication.ReplicationHealth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps what the servers say to {@link Finding}s. Pure: no server, unit-tested on hand-made
 * status rows. The rules, in order:
 * <ol>
 *   <li>reported errors (3546, 1945, 1947 overlap; 1236/13114 purged; 1950 out of order);</li>
 *   <li>the IO thread's error: 1236/13114 with "purged" or "Could not find GTID state" → purged;
 *       1045 → access denied, or user missing when the source has no such user; 2061 → TLS/public key;
 *       2003/2005 → unreachable;</li>
 *   <li>the SQL thread's error: 1062/1032 → conflict; 1950 → errant; others → replication error;</li>
 *   <li>no error but a thread not running → stopped by hand; not configured;</li>
 *   <li>the GTID state: DIVERGED → errant; IRRECOVERABLE → purged (predicted, before the start hits it);</li>
 *   <li>otherwise lagging or healthy.</li>
 * </ol>
 */
public final class FindingRules {

    public static final int ER_ACCESS_DENIED = 1045;
    public static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;
    public static final int ER_SERVER_MASTER_FATAL_ERROR_READING_BINLOG = 13114;
    public static final int ER_GTID_PURGED_OVERLAP = 3546;
    public static final int MARIADB_GTID_POS_CONFLICTS_WITH_BINLOG = 1945;
    public static final int MARIADB_GTID_POS_MISSING_DOMAIN = 1947;
    public static final int MARIADB_GTID_STRICT_OUT_OF_ORDER = 1950;
    public static final int CR_AUTH_PLUGIN_ERR = 2061;
    public static final int CR_CONN_HOST_ERROR = 2003;
    public static final int CR_UNKNOWN_HOST = 2005;
    public static final int ER_DUP_ENTRY = 1062;
    public static final int ER_KEY_NOT_FOUND = 1032;

    private FindingRules() {
    }

    public static List<Finding> findings(Observations o) {
        ReplicationHealth h = o.health();
        String server = h.replica();
        List<Finding> out = new ArrayList<>();
        for (ReportedError e : o.reported()) {
            Finding f = reported(server, e, o.state());
            if (f != null) {
                out.add(f);
            }
        }
        if (o.sourceProblem() != null) {
            out.add(Finding.of(FindingKind.SOURCE_UNREACHABLE, Severity.ERROR, server,
                    "the admin cannot reach the source: " + o.sourceProblem() + "; fix the network or the source, then retry",
                    "from", "admin", "message", o.sourceProblem()));
        }
        if (!h.configured()) {
            out.add(Finding.of(FindingKind.NOT_CONFIGURED, Severity.ERROR, server,
                    "replication is not configured on the replica", "executed_gtids", h.executedGtids()));
        } else {
            Finding io = ioError(server, h, o);
            if (io != null) {
                out.add(io);
            }
            Finding sql = sqlError(server, h, o.state());
            if (sql != null) {
                out.add(sql);
            }
            if (io == null && sql == null && (!yes(h.ioRunning()) || !yes(h.sqlRunning())) && !"Connecting".equalsIgnoreCase(h.ioRunning())) {
                out.add(Finding.of(FindingKind.THREADS_STOPPED, Severity.ERROR, server,
                        "replication threads stopped without an error (stopped by hand?): IO " + h.ioRunning() + ", SQL " + h.sqlRunning(),
                        "io_running", h.ioRunning(), "sql_running", h.sqlRunning()));
            }
        }
        ReplicaStateReport st = o.state();
        if (st != null) {
            if (st.state() == ReplicaState.DIVERGED && !has(out, FindingKind.ERRANT_GTIDS)) {
                out.add(Finding.of(FindingKind.ERRANT_GTIDS, Severity.ERROR, server,
                        "the replica has transactions the source does not have: " + st.errant(),
                        "errant", st.errant(), "replica_executed", st.replicaExecuted(), "source_executed", st.sourceExecuted()));
            }
            if (st.state() == ReplicaState.IRRECOVERABLE && !has(out, FindingKind.BINLOGS_PURGED)) {
                out.add(Finding.of(FindingKind.BINLOGS_PURGED, Severity.ERROR, server,
                        "the source purged binlogs with transactions the replica lacks (" + st.purgedMissing()
                                + "); replication cannot resume (error 1236 on start); rebuild the replica",
                        "predicted", true, "purged_missing", st.purgedMissing(), "source_purged", st.sourcePurged(),
                        "replica_executed", st.replicaExecuted()));
            }
        }
        if (out.isEmpty()) {
            if (h.secondsBehind() != null && h.secondsBehind() > 0) {
                out.add(Finding.of(FindingKind.LAGGING, Severity.WARNING, server, "running, " + h.secondsBehind() + " s behind the source",
                        "seconds_behind_source", h.secondsBehind()));
            } else if (h.secondsBehind() == null) {
                out.add(Finding.of(FindingKind.LAGGING, Severity.WARNING, server, "running, lag unknown (Seconds_Behind is NULL)",
                        "seconds_behind_source", null));
            } else {
                out.add(Finding.of(FindingKind.HEALTHY, Severity.OK, server, "both threads running, no errors, caught up",
                        "executed_gtids", h.executedGtids()));
            }
        }
        return out;
    }

    private static Finding reported(String server, ReportedError e, ReplicaStateReport st) {
        int n = e.errno();
        if (n == ER_GTID_PURGED_OVERLAP || n == MARIADB_GTID_POS_CONFLICTS_WITH_BINLOG || n == MARIADB_GTID_POS_MISSING_DOMAIN) {
            return Finding.of(FindingKind.GTID_OVERLAP, Severity.ERROR, server,
                    "a GTID position overlaps or contradicts the replica's own GTID history (error " + n
                            + "); clear the replica's GTID history and rebuild it",
                    "errno", n, "message", e.message(), "replica_executed", st == null ? null : st.replicaExecuted(), "reported", true);
        }
        if (n == ER_MASTER_FATAL_ERROR_READING_BINLOG || n == ER_SERVER_MASTER_FATAL_ERROR_READING_BINLOG) {
            return purged(server, n, e.message(), st, true);
        }
        if (n == MARIADB_GTID_STRICT_OUT_OF_ORDER) {
            return errant(server, n, e.message(), st, true);
        }
        return null;
    }

    private static Finding ioError(String server, ReplicationHealth h, Observations o) {
        int n = h.lastIoErrno();
        if (n == 0) {
            return null;
        }
        String msg = h.lastIoError();
        String m = msg.toLowerCase(Locale.ROOT);
        if ((n == ER_MASTER_FATAL_ERROR_READING_BINLOG || n == ER_SERVER_MASTER_FATAL_ERROR_READING_BINLOG || m.contains("error 1236"))
                && (m.contains("purged") || m.contains("could not find gtid state")
                || (o.state() != null && o.state().state() == ReplicaState.IRRECOVERABLE))) {
            return purged(server, n, msg, o.state(), false);
        }
        if (n == ER_ACCESS_DENIED || m.contains("access denied")) {
            if (Boolean.FALSE.equals(o.replicationUserExists())) {
                return Finding.of(FindingKind.REPLICATION_USER_MISSING, Severity.ERROR, server,
                        "the replication user " + o.replicationUser() + " does not exist on the source (error " + n
                                + " on the replica); recreate it with REPLICATION SLAVE and point the replica at it again",
                        "errno", n, "message", msg, "io_running", h.ioRunning(), "user", o.replicationUser(), "user_exists", false);
            }
            return Finding.of(FindingKind.ACCESS_DENIED, Severity.ERROR, server,
                    "the replica cannot log in to the source as " + o.replicationUser() + " (error " + n
                            + "); reset the user's password and grant, and give the replica the same password",
                    "errno", n, "message", msg, "io_running", h.ioRunning(), "user", o.replicationUser(),
                    "user_exists", o.replicationUserExists());
        }
        if (n == CR_AUTH_PLUGIN_ERR) {
            return Finding.of(FindingKind.SECURE_CONNECTION_REQUIRED, Severity.ERROR, server,
                    "the source's authentication needs TLS or its public key (error 2061); point the replica again with "
                            + "GET_SOURCE_PUBLIC_KEY=1 (or SOURCE_SSL=1)",
                    "errno", n, "message", msg, "io_running", h.ioRunning());
        }
        if (n == CR_CONN_HOST_ERROR || n == CR_UNKNOWN_HOST) {
            return Finding.of(FindingKind.SOURCE_UNREACHABLE, Severity.ERROR, server,
                    "the replica cannot reach the source " + h.sourceHost() + ":" + h.sourcePort() + " (error " + n
                            + "); check the address, the network and that the source runs",
                    "from", "replica", "errno", n, "message", msg, "io_running", h.ioRunning(),
                    "source", h.sourceHost() + ":" + h.sourcePort());
        }
        return Finding.of(FindingKind.REPLICATION_ERROR, Severity.ERROR, server,
                "IO thread error " + n + " has no automatic recovery: " + msg, "thread", "io", "errno", n, "message", msg);
    }

    private static Finding sqlError(String server, ReplicationHealth h, ReplicaStateReport st) {
        int n = h.lastSqlErrno();
        if (n == 0) {
            return null;
        }
        String msg = h.lastSqlError();
        if (n == ER_DUP_ENTRY || n == ER_KEY_NOT_FOUND || msg.contains("Duplicate entry") || msg.contains("Can't find record")) {
            return Finding.of(FindingKind.APPLIER_CONFLICT, Severity.ERROR, server,
                    "the applier stopped on a row that differs on the replica (error " + n + "): the replica was written to directly; "
                            + "rebuilding it discards the replica's own rows",
                    "errno", n, "message", msg, "sql_running", h.sqlRunning());
        }
        if (n == MARIADB_GTID_STRICT_OUT_OF_ORDER) {
            if (st != null && st.state() != ReplicaState.DIVERGED) {
                // the replica's own binlog is ahead of its slave position with the source's GTIDs: an older position was
                // set over a newer history (MariaDB's form of MySQL's 3546), not a local write
                return Finding.of(FindingKind.GTID_OVERLAP, Severity.ERROR, server,
                        "the replica's GTID history is ahead of the position it replicates from (error " + n
                                + ", an older position was set over it); clear the replica's GTID history and rebuild it",
                        "errno", n, "message", msg, "replica_executed", st.replicaExecuted(), "errant", "");
            }
            return errant(server, n, msg, st, false);
        }
        return Finding.of(FindingKind.REPLICATION_ERROR, Severity.ERROR, server,
                "SQL thread error " + n + " has no automatic recovery: " + msg, "thread", "sql", "errno", n, "message", msg);
    }

    private static Finding purged(String server, int n, String msg, ReplicaStateReport st, boolean reported) {
        return Finding.of(FindingKind.BINLOGS_PURGED, Severity.ERROR, server,
                "the source purged binlogs the replica still needs (error " + n + "); rebuild the replica (reset, snapshot, restore, start)",
                "errno", n, "message", msg, "purged_missing", st == null ? null : st.purgedMissing(),
                "source_purged", st == null ? null : st.sourcePurged(), "replica_executed", st == null ? null : st.replicaExecuted(),
                "reported", reported);
    }

    private static Finding errant(String server, int n, String msg, ReplicaStateReport st, boolean reported) {
        return Finding.of(FindingKind.ERRANT_GTIDS, Severity.ERROR, server,
                "the replica has transactions out of order with the source (error " + n + "): it was written to directly",
                "errno", n, "message", msg, "errant", st == null ? null : st.errant(), "reported", reported);
    }

    private static boolean yes(String s) {
        return "Yes".equalsIgnoreCase(s);
    }

    static boolean has(List<Finding> fs, FindingKind k) {
        return fs.stream().anyMatch(f -> f.kind() == k);
    }
}
