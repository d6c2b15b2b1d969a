package io.cqrs.routing.consistency;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.dialect.GtidSql;

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
 * A wait is one statement bounded by the budget ({@link #await}); on MySQL the optimizer hint
 * {@code MAX_EXECUTION_TIME} bounds it, since 8.0.15 counts the function's timeout in whole
 * seconds. A JDBC query timeout two seconds above the budget guards against a server that
 * ignores both.
 */
public final class GtidWaiter {

    private static final GtidWaiter MYSQL = of(GtidSql.of(ServerFlavor.MYSQL));
    private static final GtidWaiter MARIADB = of(GtidSql.of(ServerFlavor.MARIADB));

    private static GtidWaiter of(GtidSql sql) {
        return new GtidWaiter(sql, sql.subsetQuery() != null ? sql.subsetQuery() : sql.selectReplicaApplied());
    }

    private final GtidSql sql;
    private final ServerFlavor flavor;
    private final String containsSql;
    private final long applied;
    private final long timedOut;
    private final int interrupted;

    private GtidWaiter(GtidSql sql, String containsSql) {
        this.sql = sql;
        this.flavor = sql.flavor();
        this.containsSql = containsSql;
        this.applied = sql.waitApplied();
        this.timedOut = sql.waitTimedOut();
        this.interrupted = sql.waitInterruptedErrorCode();
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
     * One statement that checks and, if needed, waits: the server returns at once when the replica
     * has already applied {@code gtids}, else blocks until it has or {@code budget} ran out
     * ({@link GtidSql#boundedWaitQuery(long)}: on MySQL the {@code MAX_EXECUTION_TIME} hint ends it
     * at the budget, since the function's own timeout counts whole seconds). A budget of zero or
     * less only checks ({@link #contains}).
     *
     * @return true when applied, false when the budget ran out first
     * @throws SQLException when the server reports another error or a NULL result (e.g. replication
     *                      not configured on MySQL)
     */
    public boolean await(Connection replica, String gtids, Duration budget) throws SQLException {
        if (gtids == null || gtids.isBlank()) {
            return true;
        }
        long millis = budget.toMillis();
        if (millis < 1) {
            return contains(replica, gtids);
        }
        String sql = this.sql.boundedWaitQuery(millis);
        try (PreparedStatement ps = replica.prepareStatement(sql)) {
            ps.setString(1, gtids);
            ps.setBigDecimal(2, this.sql.waitTimeoutSeconds(millis));
            // a guard only: the server ends the wait at the budget; this ends it when the server does not
            ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, budget.toSeconds() + 2));
            try (ResultSet rs = ps.executeQuery()) {
                long r = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
                if (rs.wasNull() || r == Long.MIN_VALUE) {
                    throw new SQLException(sql + " returned NULL for '" + GtidTexts.abbreviate(gtids)
                            + "' (is the server replicating?)", "HY000");
                }
                if (r == applied) {
                    return true;
                }
                if (r == timedOut) {
                    return false;
                }
                throw new SQLException(sql + " returned unexpected " + r, "HY000");
            }
        } catch (SQLException e) {
            if (interrupted != 0 && e.getErrorCode() == interrupted) {
                return false; // MAX_EXECUTION_TIME ended the wait: the budget ran out
            }
            throw e;
        }
    }
}
