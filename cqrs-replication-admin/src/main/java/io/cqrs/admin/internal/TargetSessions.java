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
