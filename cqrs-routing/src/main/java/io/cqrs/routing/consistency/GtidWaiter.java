package io.cqrs.routing.consistency;

import io.cqrs.common.ServerFlavor;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks and waits for a replica to have applied a GTID set (read-your-writes).
 *
 * <ul>
 *   <li>MySQL: {@code GTID_SUBSET(?, @@GLOBAL.gtid_executed)} and
 *       {@code WAIT_FOR_EXECUTED_GTID_SET(?, ?)} (0 = applied, 1 = timed out).</li>
 *   <li>MariaDB: {@code @@GLOBAL.gtid_slave_pos} compared per domain here, and
 *       {@code MASTER_GTID_WAIT(?, ?)} (0 = applied, -1 = timed out).</li>
 * </ul>
 * The timeout is sent in fractional seconds (millisecond precision); a JDBC query timeout
 * one second above the budget guards against a server that ignores it.
 */
public final class GtidWaiter {

    private static final GtidWaiter MYSQL = new GtidWaiter(ServerFlavor.MYSQL,
            "SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)", "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", 0, 1);
    private static final GtidWaiter MARIADB = new GtidWaiter(ServerFlavor.MARIADB,
            "SELECT @@GLOBAL.gtid_slave_pos", "SELECT MASTER_GTID_WAIT(?, ?)", 0, -1);

    private final ServerFlavor flavor;
    private final String containsSql;
    private final String waitSql;
    private final long applied;
    private final long timedOut;

    private GtidWaiter(ServerFlavor flavor, String containsSql, String waitSql, long applied, long timedOut) {
        this.flavor = flavor;
        this.containsSql = containsSql;
        this.waitSql = waitSql;
        this.applied = applied;
        this.timedOut = timedOut;
    }

    /** The waiter for a server flavour. */
    public static GtidWaiter forFlavor(ServerFlavor flavor) {
        return Objects.requireNonNull(flavor, "flavor") == ServerFlavor.MARIADB ? MARIADB : MYSQL;
    }

    /** The server flavour this waiter talks to. */
    public ServerFlavor flavor() {
        return flavor;
    }

    /** One cheap round trip: has the replica already applied {@code gtids}? Empty sets are always contained. */
    public boolean contains(Connection replica, String gtids) throws SQLException {
        if (gtids == null || gtids.isBlank()) {
            return true;
        }
        try (PreparedStatement ps = replica.prepareStatement(containsSql)) {
            if (flavor == ServerFlavor.MYSQL) {
                ps.setString(1, gtids);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("No result from " + containsSql, "HY000");
                }
                if (flavor == ServerFlavor.MYSQL) {
                    long r = rs.getLong(1);
                    if (rs.wasNull()) {
                        throw new SQLException("GTID_SUBSET returned NULL for '" + GtidTexts.abbreviate(gtids) + "'", "HY000");
                    }
                    return r == 1;
                }
                String slavePos = rs.getString(1);
                return GtidTexts.contains(flavor, slavePos == null ? "" : slavePos, gtids);
            }
        }
    }

    /**
     * Blocks on the replica until it has applied {@code gtids} or the budget runs out.
     *
     * @return true when applied, false when the budget ran out first
     * @throws SQLException when the server reports an error or a NULL result (e.g. replication
     *                      not configured on MySQL)
     */
    public boolean await(Connection replica, String gtids, Duration budget) throws SQLException {
        if (gtids == null || gtids.isBlank()) {
            return true;
        }
        if (budget.isNegative() || budget.isZero()) {
            return contains(replica, gtids);
        }
        BigDecimal seconds = BigDecimal.valueOf(Math.max(1, budget.toMillis()), 3);
        try (PreparedStatement ps = replica.prepareStatement(waitSql)) {
            ps.setString(1, gtids);
            ps.setBigDecimal(2, seconds);
            ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, budget.toSeconds() + 2));
            try (ResultSet rs = ps.executeQuery()) {
                long r = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
                if (rs.wasNull() || r == Long.MIN_VALUE) {
                    throw new SQLException(waitSql + " returned NULL for '" + GtidTexts.abbreviate(gtids)
                            + "' (is the server replicating?)", "HY000");
                }
                if (r == applied) {
                    return true;
                }
                if (r == timedOut) {
                    return false;
                }
                throw new SQLException(waitSql + " returned unexpected " + r, "HY000");
            }
        }
    }
}
