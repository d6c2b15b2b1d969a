package io.cqrs.admin.internal;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sessions that load data into a replica: binary logging off for the session (so loading makes
 * no GTIDs of the replica's own — no errant transactions), unique and foreign key checks off,
 * UTC, utf8mb4, NO_AUTO_VALUE_ON_ZERO. May change at any time.
 */
public final class TargetSessions {

    private static final Logger log = LoggerFactory.getLogger(TargetSessions.class);
    /** The sql_mode and time zone of every writing session (and of a dump's load: its header sets the same). */
    public static final String SQL_MODE = "'NO_AUTO_VALUE_ON_ZERO'";
    public static final String TIME_ZONE = "'+00:00'";

    private TargetSessions() {
    }

    public static Connection open(ServerEndpoint target, Dialect dialect, Map<String, String> extraProperties) throws SQLException {
        Map<String, String> props = new LinkedHashMap<>(extraProperties);
        Connection c = target.connect(null, props);
        try (Statement st = c.createStatement()) {
            st.execute(dialect.disableSessionBinlog());
            st.execute("SET SESSION FOREIGN_KEY_CHECKS = 0, SESSION UNIQUE_CHECKS = 0, SESSION time_zone = " + TIME_ZONE + ", "
                    + "SESSION sql_mode = " + SQL_MODE);
            st.execute("SET NAMES utf8mb4");
            String history = dialect.historyInsert();
            if (history != null) {
                try {
                    st.execute(history); // system-versioned tables are copied with their history
                } catch (SQLException e) {
                    log.debug("{}: {} refused ({}); system-versioned tables cannot be copied there", target, history, e.getMessage());
                }
            }
        } catch (SQLException e) {
            c.close();
            if (e.getErrorCode() == 1227) {
                throw new AdminException("cannot switch off binary logging for the loading session on " + target + " ("
                        + e.getMessage() + "); the user needs SUPER or SYSTEM_VARIABLES_ADMIN (MySQL) / BINLOG ADMIN (MariaDB)", e);
            }
            throw e;
        }
        return c;
    }

    /**
     * The target's {@code innodb_io_capacity} during a copy, when it is lower (both servers' default is 200, a
     * figure for a spinning disk). A copy writes faster than a page cleaner at 200 pages a second keeps up with; the
     * loading sessions then find no clean page to reuse and flush one themselves, synchronously. Raised for the copy's
     * duration and put back on close (with {@code innodb_io_capacity_max} raised to twice this where it is lower);
     * measured: a 1M-row copy into MySQL 8.0.15 at 0.91× the time, the target spending 7 % less CPU (benchmarks/RESULTS.md §3).
     */
    public static final int COPY_IO_CAPACITY = 2000;

    /**
     * Raises {@code innodb_io_capacity} to {@link #COPY_IO_CAPACITY} if it is lower; returns how to put it back (a no-op
     * when nothing was changed: already as high, not InnoDB, or refused — the copy then runs as it is).
     */
    public static AutoCloseable ioCapacityForCopy(Connection control, ServerEndpoint target) {
        long capacity;
        long max;
        try (Statement st = control.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.innodb_io_capacity, @@GLOBAL.innodb_io_capacity_max")) {
            rs.next();
            capacity = rs.getLong(1);
            max = rs.getLong(2);
        } catch (SQLException e) {
            log.debug("{}: innodb_io_capacity not readable ({}); left as it is", target, e.getMessage());
            return () -> { };
        }
        if (capacity >= COPY_IO_CAPACITY) {
            return () -> { };
        }
        long copyMax = Math.max(max, 2L * COPY_IO_CAPACITY);
        AutoCloseable putBack = () -> {
            try (Statement st = control.createStatement()) {
                st.execute("SET GLOBAL innodb_io_capacity = " + capacity); // first: the maximum may not go below it
                st.execute("SET GLOBAL innodb_io_capacity_max = " + max);
            } catch (SQLException e) {
                log.warn("could not put innodb_io_capacity back to {} (innodb_io_capacity_max {}) on {}: {}", capacity, max, target, e.getMessage());
            }
        };
        boolean maxRaised = false;
        try (Statement st = control.createStatement()) {
            if (copyMax != max) {
                st.execute("SET GLOBAL innodb_io_capacity_max = " + copyMax);
                maxRaised = true;
            }
            st.execute("SET GLOBAL innodb_io_capacity = " + COPY_IO_CAPACITY);
        } catch (SQLException e) {
            log.info("copy into {} runs with innodb_io_capacity {}: it could not be raised ({})", target, capacity, e.getMessage());
            if (maxRaised) {
                try (Statement st = control.createStatement()) {
                    st.execute("SET GLOBAL innodb_io_capacity_max = " + max);
                } catch (SQLException again) {
                    log.warn("could not put innodb_io_capacity_max back to {} on {}: {}", max, target, again.getMessage());
                }
            }
            return () -> { };
        }
        log.info("copy into {}: innodb_io_capacity raised from {} to {} for the copy (put back when it ends)", target, capacity, COPY_IO_CAPACITY);
        return putBack;
    }

    /** The switch and call that stop replication on a replica. */
    public static final AdminException.Remedy RESET_REPLICATION = new AdminException.Remedy("'cqrs-admin reset-replication'",
            "ReplicationAdmin.resetReplication(false)");

    /**
     * Refuses when the target replicates (a running SQL thread would race with the load).
     *
     * @param alternatives further ways out the refusal names after {@link #RESET_REPLICATION}
     */
    public static void requireNotReplicating(Connection c, Dialect dialect, ServerEndpoint target, String operation,
                                             AdminException.Remedy... alternatives) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.showReplicaStatus())) {
            if (rs.next()) {
                String io = column(rs, "Replica_IO_Running", "Slave_IO_Running");
                String sql = column(rs, "Replica_SQL_Running", "Slave_SQL_Running");
                if ("Yes".equalsIgnoreCase(sql) || "Yes".equalsIgnoreCase(io) || "Connecting".equalsIgnoreCase(io)) {
                    AdminException.Remedy[] remedies = new AdminException.Remedy[alternatives.length + 1];
                    remedies[0] = RESET_REPLICATION;
                    System.arraycopy(alternatives, 0, remedies, 1, alternatives.length);
                    throw AdminException.withRemedies(operation + " refused: " + target + " is replicating (IO thread " + io + ", SQL thread "
                            + sql + "). Nothing was changed. Stop it first with {}" + " or {}".repeat(alternatives.length), remedies);
                }
            }
        }
    }

    private static String column(ResultSet rs, String... names) throws SQLException {
        for (String n : names) {
            try {
                return rs.getString(n);
            } catch (SQLException e) {
                // other naming
            }
        }
        return null;
    }

    /**
     * Switches off read_only/super_read_only for the duration of a load and restores what was
     * there on close.
     */
    public static AutoCloseable writable(Connection c, Dialect dialect) throws SQLException {
        boolean strongest;
        boolean readOnly;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL." + dialect.readOnlyVariable() + ", @@GLOBAL.read_only")) {
            rs.next();
            strongest = rs.getBoolean(1);
            readOnly = rs.getBoolean(2);
        }
        if (!strongest && !readOnly) {
            return () -> { };
        }
        try (Statement st = c.createStatement()) {
            st.execute(dialect.setReadOnly(false));
        }
        return () -> {
            try (Statement st = c.createStatement()) {
                if (strongest) {
                    st.execute(dialect.setReadOnly(true));
                }
                if (readOnly) {
                    st.execute("SET GLOBAL read_only = ON");
                }
            } catch (SQLException e) {
                log.warn("could not switch read-only back on: {}", e.getMessage());
            }
        };
    }
}
