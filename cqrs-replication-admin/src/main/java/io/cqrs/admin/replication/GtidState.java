package io.cqrs.admin.replication;

import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Reads GTID facts from a server and compares GTID sets client-side ({@link GtidSet}, both
 * flavours). Public for the recovery package; the methods take an open connection and its dialect.
 */
public final class GtidState {

    private GtidState() {
    }

    public static String executed(Connection c, Dialect d) throws SQLException {
        return one(c, d.selectExecutedGtids());
    }

    /**
     * What the server no longer has in its binlogs. MySQL: gtid_purged. MariaDB: the Gtid_list
     * event at the head of the oldest binlog (the position before it), empty when binlogs start at
     * the beginning of time.
     */
    public static String purged(Connection c, Dialect d) throws SQLException {
        if (d.selectPurgedGtids() != null) {
            return one(c, d.selectPurgedGtids());
        }
        String first;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            if (!rs.next()) {
                return "";
            }
            first = rs.getString(1);
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN " + Dialect.quote(first) + " LIMIT 5")) {
            while (rs.next()) {
                if ("Gtid_list".equalsIgnoreCase(rs.getString("Event_type"))) {
                    String info = rs.getString("Info");
                    return info == null ? "" : info.replace("[", "").replace("]", "").replaceAll("\\s+", "");
                }
            }
        }
        return "";
    }

    public static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            String s = rs.getString(1);
            return s == null ? "" : s.replaceAll("\\s+", "");
        }
    }

    /**
     * Whether {@code a} is contained in {@code b}, computed client-side with {@link GtidSet}
     * (MariaDB: per-domain high-water marks). Never empty; the Optional stays for callers that
     * treat "unknown" specially.
     */
    public static Optional<Boolean> subset(Connection c, Dialect d, String a, String b) {
        ServerFlavor f = d.version().flavor();
        return Optional.of(GtidSet.parse(f, nz(b)).contains(GtidSet.parse(f, nz(a))));
    }

    /** {@code a} minus {@code b}, client-side (MariaDB: the domains where {@code a} is ahead). */
    public static Optional<String> subtract(Connection c, Dialect d, String a, String b) {
        ServerFlavor f = d.version().flavor();
        return Optional.of(GtidSet.parse(f, nz(a)).subtract(GtidSet.parse(f, nz(b))).toString());
    }

    /**
     * The replica's transactions its source lacks ({@link GtidSet#errantAgainst}): the one errant
     * check start-replication and the GTID-state classification share.
     */
    public static String errant(Connection replica, Dialect d, String replicaExecuted, String sourceExecuted) throws SQLException {
        ServerFlavor f = d.version().flavor();
        long serverId = Long.parseLong(one(replica, "SELECT @@GLOBAL.server_id"));
        return GtidSet.parse(f, nz(replicaExecuted)).errantAgainst(GtidSet.parse(f, nz(sourceExecuted)), serverId).toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
