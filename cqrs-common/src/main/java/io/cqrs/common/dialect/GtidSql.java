package io.cqrs.common.dialect;

import io.cqrs.common.ServerFlavor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The GTID statements the router and the admin library share, by server flavour alone (the
 * router knows a server's flavour before it knows its exact version; {@link Dialect} adds what
 * depends on the version). One instance per flavour: {@link #of(ServerFlavor)}.
 *
 * <ul>
 *   <li>MySQL: {@code gtid_executed} is both what a replica applied and what a source wrote;
 *       subset checks and waits are server functions ({@code GTID_SUBSET},
 *       {@code WAIT_FOR_EXECUTED_GTID_SET}, 0 = applied, 1 = timed out). 8.0.15 drops the
 *       fraction of the wait's timeout ({@link #waitTimeoutWholeSeconds()}), so a sub-second wait
 *       is bounded by the {@code MAX_EXECUTION_TIME} optimizer hint ({@link #boundedWaitQuery}).</li>
 *   <li>MariaDB: a replica's applied position is {@code gtid_slave_pos}, a source's written one
 *       {@code gtid_binlog_pos}; positions are compared client-side; the wait is
 *       {@code MASTER_GTID_WAIT} (0 = applied, -1 = timed out); the session's last GTID is
 *       {@code @@last_gtid}.</li>
 * </ul>
 */
public final class GtidSql {

    private static final GtidSql MYSQL = new GtidSql(ServerFlavor.MYSQL, "SELECT @@GLOBAL.gtid_executed",
            "SELECT @@GLOBAL.gtid_executed", "SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)",
            "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", 0, 1, null, true);
    private static final GtidSql MARIADB = new GtidSql(ServerFlavor.MARIADB, "SELECT @@GLOBAL.gtid_slave_pos",
            "SELECT @@GLOBAL.gtid_binlog_pos", null, "SELECT MASTER_GTID_WAIT(?, ?)", 0, -1, "SELECT @@last_gtid", false);

    private final ServerFlavor flavor;
    private final String replicaApplied;
    private final String sourceWritten;
    private final String subset;
    private final String wait;
    private final long waitApplied;
    private final long waitTimedOut;
    private final String lastGtid;
    private final boolean wholeSeconds;

    private GtidSql(ServerFlavor flavor, String replicaApplied, String sourceWritten, String subset, String wait, long waitApplied,
                    long waitTimedOut, String lastGtid, boolean wholeSeconds) {
        this.flavor = flavor;
        this.replicaApplied = replicaApplied;
        this.sourceWritten = sourceWritten;
        this.subset = subset;
        this.wait = wait;
        this.waitApplied = waitApplied;
        this.waitTimedOut = waitTimedOut;
        this.lastGtid = lastGtid;
        this.wholeSeconds = wholeSeconds;
    }

    public static GtidSql of(ServerFlavor flavor) {
        return Objects.requireNonNull(flavor, "flavor") == ServerFlavor.MARIADB ? MARIADB : MYSQL;
    }

    public ServerFlavor flavor() {
        return flavor;
    }

    /** One string: the GTIDs a replica has applied (MySQL gtid_executed, MariaDB gtid_slave_pos). */
    public String selectReplicaApplied() {
        return replicaApplied;
    }

    /** One string: the GTIDs a source has written (MySQL gtid_executed, MariaDB gtid_binlog_pos). */
    public String selectSourceWritten() {
        return sourceWritten;
    }

    /** One parameter (a GTID set), one number 1/0: has the server applied it? {@code null} on MariaDB (compare client-side). */
    public String subsetQuery() {
        return subset;
    }

    /** Two parameters (GTID set, timeout in seconds), blocks until applied; see {@link #waitApplied()}/{@link #waitTimedOut()}. */
    public String waitQuery() {
        return wait;
    }

    /**
     * A wait bounded by {@code budgetMillis} in one statement, two parameters (GTID set,
     * {@link #waitTimeoutSeconds(long)}). It returns at once when the set is already applied, so
     * it is also the check. MySQL (measured on 8.0.15): the function's own timeout counts whole
     * seconds only ({@code 0.2} returns at once, {@code 0} waits for ever), so the timeout sent
     * is the budget rounded up to whole seconds and the optimizer hint
     * {@code MAX_EXECUTION_TIME(budgetMillis)} ends the statement at the budget with error
     * {@link #waitInterruptedErrorCode()} (3024); MariaDB's {@code MASTER_GTID_WAIT} takes
     * fractional seconds, so its plain {@link #waitQuery()} is it.
     */
    public String boundedWaitQuery(long budgetMillis) {
        if (budgetMillis < 1) {
            throw new IllegalArgumentException("budgetMillis = " + budgetMillis + " must be at least 1");
        }
        return wholeSeconds ? "SELECT /*+ MAX_EXECUTION_TIME(" + budgetMillis + ") */ WAIT_FOR_EXECUTED_GTID_SET(?, ?)" : wait;
    }

    /**
     * The timeout argument of {@link #boundedWaitQuery(long)}: the budget in seconds with
     * millisecond precision, rounded up to whole seconds (never 0, which MySQL reads as "no
     * timeout") where the server drops fractions.
     */
    public BigDecimal waitTimeoutSeconds(long budgetMillis) {
        BigDecimal s = BigDecimal.valueOf(Math.max(1, budgetMillis), 3);
        return wholeSeconds ? s.setScale(0, RoundingMode.CEILING) : s;
    }

    /**
     * The error a {@link #boundedWaitQuery(long)} ends with when its budget ran out before the
     * function's own timeout: MySQL's {@code ER_QUERY_TIMEOUT} (3024, "maximum statement
     * execution time exceeded"); 0 where the function's own timeout is the bound (MariaDB).
     */
    public int waitInterruptedErrorCode() {
        return wholeSeconds ? 3024 : 0;
    }

    /** The wait's result when the set was applied. */
    public long waitApplied() {
        return waitApplied;
    }

    /** The wait's result when it timed out. */
    public long waitTimedOut() {
        return waitTimedOut;
    }

    /** One string: the last GTID this session committed ({@code @@last_gtid}); {@code null} on MySQL (session tracking). */
    public String selectLastGtid() {
        return lastGtid;
    }

    /**
     * The wait's timeout counts in whole seconds only: MySQL 8.0.15 (measured) treats {@code 0.2} as
     * "do not wait" and {@code 1.5} as one second; later MySQL versions are assumed the same until
     * measured.
     */
    public boolean waitTimeoutWholeSeconds() {
        return wholeSeconds;
    }

    /**
     * MySQL: turns on session tracking of this session's own GTIDs (the driver then reports each
     * commit's GTID with no extra round trip). The second statement reads the setting back.
     */
    public static List<String> trackOwnGtids() {
        return List.of("SET SESSION session_track_gtids = OWN_GTID", "SELECT @@SESSION.session_track_gtids");
    }

    /**
     * MariaDB: adds {@code last_gtid} to the session's tracked system variables, so the OK packet of
     * each commit carries the transaction's GTID (a driver with session state tracking reads it with
     * no extra round trip); {@code @@last_gtid} is the fallback. The second statement reads the
     * setting back.
     */
    public static List<String> trackLastGtid() {
        return List.of("SET SESSION session_track_system_variables = CONCAT_WS(',', NULLIF(@@SESSION.session_track_system_variables, ''), 'last_gtid')",
                "SELECT @@SESSION.session_track_system_variables");
    }

    /**
     * The replication status statements to try in order when the version is not known: the 8.0.22+
     * and MariaDB 10.5+ spelling first, the older one when the server refuses it.
     */
    public static List<String> replicaStatusStatements() {
        return List.of("SHOW REPLICA STATUS", "SHOW SLAVE STATUS");
    }
}
