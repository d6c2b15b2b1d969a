package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code preflight}: the old runbook's prevention advice as findings, read from both servers'
 * variables. Binary log on and ROW format, GTID mode (MySQL gtid_mode + enforce_gtid_consistency,
 * MariaDB gtid_strict_mode), distinct non-zero server ids, source binlog retention of at least
 * {@link #MIN_RETENTION} (warning), a read-only replica, log_replica_updates on the replica, and a
 * replication user with REPLICATION SLAVE. Passing checks are reported with {@link Severity#OK}.
 */
public final class PreflightChecks {

    /** The runbook's binlog_expire_logs_seconds = 7 days. */
    public static final Duration MIN_RETENTION = Duration.ofDays(7);

    private PreflightChecks() {
    }

    /** @param replicationUser the account replicas use (e.g. "repl"); null skips the grant check */
    public static List<Finding> run(ServerEndpoint source, ServerEndpoint replica, String replicationUser) {
        List<Finding> out = new ArrayList<>();
        try (Connection sc = source.connect(); Connection rc = replica.connect()) {
            Dialect sd = source.dialect();
            Dialect rd = replica.dialect();
            long sid = 0;
            long rid = 0;
            for (boolean isSource : new boolean[] {true, false}) {
                Connection c = isSource ? sc : rc;
                Dialect d = isSource ? sd : rd;
                String at = (isSource ? source : replica).address();
                String role = isSource ? "source" : "replica";
                boolean logBin = bool(var(c, "log_bin"));
                out.add(logBin
                        ? Finding.of(FindingKind.BINLOG_ENABLED, Severity.OK, at, role + " writes a binary log", "log_bin", "ON")
                        : Finding.of(FindingKind.BINLOG_ENABLED, isSource ? Severity.ERROR : Severity.WARNING, at, role
                                + " has no binary log" + (isSource ? ": nothing can replicate from it" : ": it cannot be promoted or chained")
                                + "; start it with --log-bin", "log_bin", "OFF"));
                String format = var(c, "binlog_format");
                out.add("ROW".equalsIgnoreCase(format)
                        ? Finding.of(FindingKind.BINLOG_FORMAT, Severity.OK, at, role + " logs rows (binlog_format=ROW)", "binlog_format", format)
                        : Finding.of(FindingKind.BINLOG_FORMAT, isSource ? Severity.ERROR : Severity.WARNING, at, role + " has binlog_format="
                                + format + "; use ROW (SET PERSIST binlog_format = 'ROW' / binlog_format=ROW in my.cnf)", "binlog_format", format));
                out.add(gtidMode(c, d, at, role));
                long id = Long.parseLong(var(c, "server_id"));
                if (isSource) {
                    sid = id;
                } else {
                    rid = id;
                }
            }
            out.add(sid != 0 && rid != 0 && sid != rid
                    ? Finding.of(FindingKind.SERVER_ID, Severity.OK, replica.address(), "server ids differ (" + sid + ", " + rid + ")",
                            "source_server_id", sid, "replica_server_id", rid)
                    : Finding.of(FindingKind.SERVER_ID, Severity.ERROR, replica.address(), "server ids must be distinct and non-zero, are "
                            + sid + " (source) and " + rid + " (replica); set server_id in my.cnf", "source_server_id", sid, "replica_server_id", rid));
            out.add(retention(sc, sd, source.address()));
            out.add(readOnly(rc, rd, replica.address()));
            String lru = rd.logReplicaUpdatesVariable();
            String lruValue = var(rc, lru);
            out.add(bool(lruValue)
                    ? Finding.of(FindingKind.LOG_REPLICA_UPDATES, Severity.OK, replica.address(), lru + " is ON", lru, lruValue)
                    : Finding.of(FindingKind.LOG_REPLICA_UPDATES, Severity.WARNING, replica.address(), lru
                            + " is OFF: the replica's binlog lacks what it applies, so it cannot be promoted or serve as a snapshot source", lru, lruValue));
            if (replicationUser != null) {
                out.add(grants(sc, source.address(), replicationUser));
            }
        } catch (SQLException e) {
            throw new AdminException("preflight: cannot read the settings of " + source + " and " + replica + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Finding gtidMode(Connection c, Dialect d, String at, String role) throws SQLException {
        if (d.version().isMariaDb()) {
            String strict = var(c, "gtid_strict_mode");
            return bool(strict)
                    ? Finding.of(FindingKind.GTID_MODE, Severity.OK, at, role + " has gtid_strict_mode=ON", "gtid_strict_mode", strict)
                    : Finding.of(FindingKind.GTID_MODE, Severity.WARNING, at, role + " has gtid_strict_mode=OFF: out-of-order GTIDs "
                            + "(writes on the replica) go unnoticed; set gtid_strict_mode=ON", "gtid_strict_mode", strict);
        }
        String mode = var(c, "gtid_mode");
        String enforce = var(c, "enforce_gtid_consistency");
        boolean ok = "ON".equalsIgnoreCase(mode) && bool(enforce);
        return ok
                ? Finding.of(FindingKind.GTID_MODE, Severity.OK, at, role + " has gtid_mode=ON, enforce_gtid_consistency=ON",
                        "gtid_mode", mode, "enforce_gtid_consistency", enforce)
                : Finding.of(FindingKind.GTID_MODE, Severity.ERROR, at, role + " has gtid_mode=" + mode + ", enforce_gtid_consistency="
                        + enforce + "; GTID auto-positioning needs both ON", "gtid_mode", mode, "enforce_gtid_consistency", enforce);
    }

    private static Finding retention(Connection c, Dialect d, String at) throws SQLException {
        String seconds = varOrNull(c, "binlog_expire_logs_seconds");
        String days = varOrNull(c, "expire_logs_days");
        long s = seconds == null ? 0 : (long) Double.parseDouble(seconds);
        double dd = days == null ? 0 : Double.parseDouble(days);
        long effective = s > 0 ? s : (long) (dd * 86400);
        String var = s > 0 ? "binlog_expire_logs_seconds" : "expire_logs_days";
        if (effective == 0) {
            return Finding.of(FindingKind.BINLOG_RETENTION, Severity.INFO, at, "binlogs never expire; watch the disk",
                    "binlog_expire_logs_seconds", seconds, "expire_logs_days", days);
        }
        if (effective < MIN_RETENTION.toSeconds()) {
            return Finding.of(FindingKind.BINLOG_RETENTION, Severity.WARNING, at, "the source keeps binlogs only " + human(effective) + " ("
                            + var + "); a replica stopped longer cannot resume (error 1236). Keep at least 7 days: "
                            + (d.version().isMariaDb() ? "SET GLOBAL binlog_expire_logs_seconds = 604800 (and in my.cnf)"
                            : "SET PERSIST binlog_expire_logs_seconds = 604800"),
                    "binlog_expire_logs_seconds", seconds, "expire_logs_days", days, "effective_seconds", effective);
        }
        return Finding.of(FindingKind.BINLOG_RETENTION, Severity.OK, at, "the source keeps binlogs " + human(effective),
                "binlog_expire_logs_seconds", seconds, "expire_logs_days", days, "effective_seconds", effective);
    }

    private static Finding readOnly(Connection c, Dialect d, String at) throws SQLException {
        String v = d.readOnlyVariable();
        String value = var(c, v);
        return bool(value)
                ? Finding.of(FindingKind.REPLICA_READ_ONLY, Severity.OK, at, "the replica is read-only (" + v + "=ON)", v, value)
                : Finding.of(FindingKind.REPLICA_READ_ONLY, Severity.WARNING, at, "the replica is writable (" + v + "=OFF): an application "
                        + "write there makes conflicts (1062/1032) or errant GTIDs; " + d.setReadOnly(true), v, value);
    }

    private static Finding grants(Connection sc, String at, String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement ps = sc.prepareStatement("SELECT Host FROM mysql.user WHERE User = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
        }
        if (hosts.isEmpty()) {
            return Finding.of(FindingKind.REPLICATION_GRANTS, Severity.ERROR, at, "the replication user '" + user
                    + "' does not exist on the source; create it (start-replication --ensure-user, or recover)", "user", user, "exists", false);
        }
        List<String> grants = new ArrayList<>();
        boolean ok = false;
        for (String h : hosts) {
            try (Statement st = sc.createStatement();
                 ResultSet rs = st.executeQuery("SHOW GRANTS FOR " + Dialect.quote(user) + "@" + Dialect.quote(h))) {
                while (rs.next()) {
                    String g = rs.getString(1);
                    grants.add(g);
                    String u = g.toUpperCase(Locale.ROOT);
                    ok |= u.contains("REPLICATION SLAVE") || u.contains("REPLICATION REPLICA") || u.startsWith("GRANT ALL PRIVILEGES ON *.*");
                }
            }
        }
        return ok
                ? Finding.of(FindingKind.REPLICATION_GRANTS, Severity.OK, at, "'" + user + "' has REPLICATION SLAVE", "user", user, "grants", grants)
                : Finding.of(FindingKind.REPLICATION_GRANTS, Severity.ERROR, at, "'" + user + "' lacks REPLICATION SLAVE; GRANT REPLICATION SLAVE ON *.* TO it",
                        "user", user, "grants", grants);
    }

    private static String human(long seconds) {
        return seconds % 86400 == 0 ? seconds / 86400 + " days" : seconds % 3600 == 0 ? seconds / 3600 + " hours" : seconds + " s";
    }

    private static boolean bool(String v) {
        return v != null && (v.equalsIgnoreCase("ON") || v.equals("1") || v.equalsIgnoreCase("TRUE"));
    }

    private static String var(Connection c, String name) throws SQLException {
        String v = varOrNull(c, name);
        return v == null ? "" : v;
    }

    private static String varOrNull(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES LIKE ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }
}
