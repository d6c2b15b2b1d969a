package io.cqrs.admin.replication;

import io.cqrs.admin.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Reads GTID facts from a server and compares GTID sets (server-side GTID_SUBSET/GTID_SUBTRACT on
 * MySQL). Public for the recovery package; the methods take an open connection and its dialect.
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
     * True when {@code a} ⊆ {@code b}, asked with MySQL's GTID_SUBSET on {@code c}; empty for
     * MariaDB (no server-side set functions there).
     */
    public static Optional<Boolean> subset(Connection c, Dialect d, String a, String b) throws SQLException {
        if (d.version().isMariaDb()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBSET(?, ?)")) {
            ps.setString(1, a);
            ps.setString(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(rs.getInt(1) == 1);
            }
        }
    }

    /** {@code a} minus {@code b} (MySQL GTID_SUBTRACT); empty for MariaDB. */
    public static Optional<String> subtract(Connection c, Dialect d, String a, String b) throws SQLException {
        if (d.version().isMariaDb()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBTRACT(?, ?)")) {
            ps.setString(1, a);
            ps.setString(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(rs.getString(1).replaceAll("\\s+", ""));
            }
        }
    }
}
