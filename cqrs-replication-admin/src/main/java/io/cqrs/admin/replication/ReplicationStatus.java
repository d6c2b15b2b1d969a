package io.cqrs.admin.replication;

import io.cqrs.common.dialect.ReplicationColumns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One row of {@code SHOW REPLICA STATUS} / {@code SHOW SLAVE STATUS}, typed, from any supported
 * server: MySQL before 8.0.22 ({@code Slave_*}, {@code Master_*} columns), MySQL 8.0.22+
 * ({@code Replica_*}, {@code Source_*}) and MariaDB (which keeps {@code Slave_*} names even
 * under {@code SHOW REPLICA STATUS} and adds {@code Using_Gtid}, {@code Gtid_IO_Pos}).
 *
 * <p>Text columns a server does not report are {@code null}; columns it reports empty are
 * {@code ""}. GTID columns are kept as the server's text (MySQL: {@code retrievedGtidSet},
 * {@code executedGtidSet}; MariaDB: {@code gtidIoPos}, {@code gtidSlavePos}).
 *
 * @param configured          false when the statement returned no row (see {@link #notConfigured()})
 * @param ioThread            Replica_IO_Running / Slave_IO_Running
 * @param sqlThreadRunning    Replica_SQL_Running / Slave_SQL_Running is Yes
 * @param secondsBehindSource Seconds_Behind_Source / Seconds_Behind_Master; empty when NULL
 * @param sourceHost          Source_Host / Master_Host
 * @param sourcePort          Source_Port / Master_Port; 0 when not reported
 * @param lastIoErrno         Last_IO_Errno; 0 when none
 * @param lastIoError         Last_IO_Error
 * @param lastSqlErrno        Last_SQL_Errno; 0 when none
 * @param lastSqlError        Last_SQL_Error
 * @param retrievedGtidSet    Retrieved_Gtid_Set (MySQL)
 * @param executedGtidSet     Executed_Gtid_Set (MySQL)
 * @param autoPosition        GTID auto-positioning: MySQL Auto_Position = 1, or MariaDB Using_Gtid other than No
 * @param usingGtid           Using_Gtid (MariaDB: No, Slave_Pos, Current_Pos)
 * @param gtidIoPos           Gtid_IO_Pos (MariaDB)
 * @param gtidSlavePos        Gtid_Slave_Pos (MariaDB, SHOW ALL SLAVES STATUS)
 * @param sqlThreadState      Replica_SQL_Running_State / Slave_SQL_Running_State
 */
public record ReplicationStatus(
        boolean configured,
        IoThreadState ioThread,
        boolean sqlThreadRunning,
        OptionalLong secondsBehindSource,
        String sourceHost,
        int sourcePort,
        int lastIoErrno,
        String lastIoError,
        int lastSqlErrno,
        String lastSqlError,
        String retrievedGtidSet,
        String executedGtidSet,
        boolean autoPosition,
        String usingGtid,
        String gtidIoPos,
        String gtidSlavePos,
        String sqlThreadState) {

    /**
     * The largest lag {@link #healthy()} accepts: 0 seconds, what the hand-run
     * {@code check-replication} demanded. Pass a budget to {@link #healthy(Duration)} for busy replicas.
     */
    public static final Duration DEFAULT_MAX_LAG = Duration.ZERO;

    /** The replication IO (receiver) thread as the server reports it. */
    public enum IoThreadState {
        /** Connected to the source and receiving. */
        YES,
        /** Stopped. */
        NO,
        /**
         * Trying to connect (wrong password, source down, network): see Last_IO_Error. MariaDB's
         * transient {@code Preparing} is read as this too.
         */
        CONNECTING;

        static IoThreadState parse(String column, String value) {
            if (value == null || value.isBlank()) {
                return NO;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "yes" -> YES;
                case "no" -> NO;
                case "connecting", "preparing" -> CONNECTING;
                default -> throw new IllegalArgumentException(column + " is '" + value
                        + "'; expected Yes, No or Connecting as SHOW REPLICA STATUS reports it");
            };
        }
    }

    public ReplicationStatus {
        Objects.requireNonNull(ioThread, "ioThread");
        Objects.requireNonNull(secondsBehindSource, "secondsBehindSource");
    }

    /** The status of a server that is not a replica: {@code SHOW REPLICA STATUS} returned no row. */
    public static ReplicationStatus notConfigured() {
        return new ReplicationStatus(false, IoThreadState.NO, false, OptionalLong.empty(), null, 0,
                0, null, 0, null, null, null, false, null, null, null, null);
    }

    /**
     * Reads one status row given as column name to value (names case-insensitive, values as
     * {@code ResultSet.getString} returns them, SQL NULL as {@code null}). Columns not listed
     * here are ignored.
     *
     * @throws IllegalArgumentException when a known column holds a value it cannot have; the
     *                                  message names the column and echoes the value
     */
    public static ReplicationStatus fromRow(Map<String, String> row) {
        Objects.requireNonNull(row, "row");
        Map<String, String> r = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        row.forEach((k, v) -> r.put(k.strip(), v));
        if (!r.containsKey("Replica_IO_Running") && !r.containsKey("Slave_IO_Running")) {
            throw new IllegalArgumentException("status row has neither Replica_IO_Running nor Slave_IO_Running "
                    + "(columns: " + r.keySet() + "); pass a row of SHOW REPLICA STATUS or SHOW SLAVE STATUS");
        }
        String usingGtid = text(r, "Using_Gtid");
        String autoPositionText = text(r, "Auto_Position");
        boolean autoPosition = "1".equals(autoPositionText == null ? null : autoPositionText.strip())
                || (usingGtid != null && !usingGtid.isBlank() && !usingGtid.strip().equalsIgnoreCase("No"));
        return new ReplicationStatus(
                true,
                IoThreadState.parse(name(r, ReplicationColumns.IO_RUNNING), text(r, ReplicationColumns.IO_RUNNING)),
                yesNo(r, ReplicationColumns.SQL_RUNNING),
                lag(r),
                text(r, ReplicationColumns.SOURCE_HOST),
                (int) number(r, ReplicationColumns.SOURCE_PORT),
                (int) number(r, "Last_IO_Errno"),
                text(r, "Last_IO_Error"),
                (int) number(r, "Last_SQL_Errno"),
                text(r, "Last_SQL_Error"),
                text(r, "Retrieved_Gtid_Set"),
                text(r, "Executed_Gtid_Set"),
                autoPosition,
                usingGtid,
                text(r, "Gtid_IO_Pos"),
                text(r, "Gtid_Slave_Pos"),
                text(r, "Replica_SQL_Running_State", "Slave_SQL_Running_State"));
    }

    /** The first of the names present in the row (the others are the same column under older names). */
    private static String name(Map<String, String> r, String... names) {
        for (String n : names) {
            if (r.containsKey(n)) {
                return n;
            }
        }
        return names[0];
    }

    private static String text(Map<String, String> r, String... names) {
        return r.get(name(r, names));
    }

    private static boolean yesNo(Map<String, String> r, String... names) {
        String value = text(r, names);
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("No")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("Yes")) {
            return true;
        }
        throw new IllegalArgumentException(name(r, names) + " is '" + value + "'; expected Yes or No");
    }

    private static OptionalLong lag(Map<String, String> r) {
        String column = name(r, "Seconds_Behind_Source", "Seconds_Behind_Master");
        String value = r.get(column);
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("NULL")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseNumber(column, value));
    }

    private static long number(Map<String, String> r, String... names) {
        String column = name(r, names);
        String value = r.get(column);
        return value == null || value.isBlank() ? 0 : parseNumber(column, value);
    }

    private static long parseNumber(String column, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(column + " is '" + value + "'; expected a whole number from 0 to " + Integer.MAX_VALUE);
    }

    /** {@link #healthy(Duration)} with {@link #DEFAULT_MAX_LAG}. */
    public boolean healthy() {
        return healthy(DEFAULT_MAX_LAG);
    }

    /** Both threads running, lag known and at most {@code maxLag}, no last IO/SQL error. */
    public boolean healthy(Duration maxLag) {
        return problems(maxLag).isEmpty();
    }

    /** {@link #problems(Duration)} with {@link #DEFAULT_MAX_LAG}. */
    public List<String> problems() {
        return problems(DEFAULT_MAX_LAG);
    }

    /** Why this replica is not healthy, one sentence each; empty when it is. */
    public List<String> problems(Duration maxLag) {
        Objects.requireNonNull(maxLag, "maxLag");
        List<String> problems = new ArrayList<>();
        if (!configured) {
            problems.add("replication is not configured (SHOW REPLICA STATUS returned no row)");
            return problems;
        }
        switch (ioThread) {
            case NO -> problems.add("IO thread is not running (Replica_IO_Running: No)");
            case CONNECTING -> problems.add("IO thread is still connecting to the source "
                    + sourceHost + ":" + sourcePort + " (Replica_IO_Running: Connecting)");
            case YES -> { }
        }
        if (!sqlThreadRunning) {
            problems.add("SQL thread is not running (Replica_SQL_Running: No)");
        }
        if (ioThread == IoThreadState.YES && sqlThreadRunning) {
            if (secondsBehindSource.isEmpty()) {
                problems.add("lag is unknown (Seconds_Behind_Source is NULL)");
            } else if (secondsBehindSource.getAsLong() > maxLag.toSeconds()) {
                problems.add("replica is " + secondsBehindSource.getAsLong() + " s behind the source (allowed: "
                        + maxLag.toSeconds() + " s)");
            }
        }
        if (lastIoErrno != 0 || (lastIoError != null && !lastIoError.isBlank())) {
            problems.add("last IO error " + lastIoErrno + ": " + (lastIoError == null ? "" : lastIoError.strip()));
        }
        if (lastSqlErrno != 0 || (lastSqlError != null && !lastSqlError.isBlank())) {
            problems.add("last SQL error " + lastSqlErrno + ": " + (lastSqlError == null ? "" : lastSqlError.strip()));
        }
        return problems;
    }

    /** This status as one JSON object, with {@code healthy} and {@code problems} for {@link #DEFAULT_MAX_LAG}. */
    public String toJson() {
        return toJson(DEFAULT_MAX_LAG);
    }

    /** This status as one JSON object, with {@code healthy} and {@code problems} judged against {@code maxLag}. */
    public String toJson(Duration maxLag) {
        return StatusRendering.json(this, problems(maxLag));
    }

    /** A two-column (field, value) text table for a terminal, judged against {@link #DEFAULT_MAX_LAG}. */
    public String toTable() {
        return toTable(DEFAULT_MAX_LAG);
    }

    /** A two-column (field, value) text table for a terminal, judged against {@code maxLag}. */
    public String toTable(Duration maxLag) {
        return StatusRendering.table(this, problems(maxLag));
    }
}
