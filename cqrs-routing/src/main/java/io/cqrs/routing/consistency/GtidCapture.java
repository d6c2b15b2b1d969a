package io.cqrs.routing.consistency;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.dialect.GtidSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the GTIDs of the write transaction a connection just committed, for a
 * {@link io.cqrs.routing.ConsistencyToken}. Pick one per physical connection with
 * {@link #detect(Connection, ServerFlavor)} when the connection is set up, then call
 * {@link #lastCommitted(Connection)} right after each successful commit of a write
 * transaction (or autocommit write statement) on that same connection.
 *
 * <p>Strategies, best first:
 * <ol>
 *   <li>Connector/J with {@code trackSessionState=true}: the server reports the transaction's
 *       GTID in the OK packet (MySQL {@code session_track_gtids=OWN_GTID}, MariaDB
 *       {@code last_gtid} in {@code session_track_system_variables}), read from the driver's
 *       session state — zero extra round trips.</li>
 *   <li>MariaDB without it: {@code SELECT @@last_gtid} (one round trip).</li>
 *   <li>Fallback: the server's whole executed set ({@code @@GLOBAL.gtid_executed} /
 *       {@code @@GLOBAL.gtid_binlog_pos}) — larger than needed, so never too weak.</li>
 * </ol>
 */
public interface GtidCapture {

    /**
     * The GTIDs of the transaction just committed on {@code connection}; the empty string
     * when the server reported none (e.g. the transaction wrote nothing). Never null.
     */
    String lastCommitted(Connection connection) throws SQLException;

    /** A short name for logs and diagnostics. */
    String name();

    /**
     * Chooses the best strategy for this physical connection. May run one or two setup
     * statements (turning session tracking on and reading it back, a probe of
     * {@code @@last_gtid}); once per physical connection.
     */
    static GtidCapture detect(Connection connection, ServerFlavor flavor) throws SQLException {
        Logger log = LoggerFactory.getLogger(GtidCapture.class);
        if (Strategies.CONNECTOR_J_PRESENT) {
            GtidCapture tracked = ConnectorJSessionGtids.enable(connection, flavor);
            if (tracked != null) {
                return tracked;
            }
        }
        if (flavor == ServerFlavor.MARIADB) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(GtidSql.of(ServerFlavor.MARIADB).selectLastGtid())) {
                rs.next();
                return Strategies.MARIADB_LAST_GTID;
            } catch (SQLException e) {
                log.info("MariaDB @@last_gtid unavailable ({}); read-your-writes tokens use @@GLOBAL.gtid_binlog_pos", e.getMessage());
                return globalExecuted(flavor);
            }
        }
        return globalExecuted(flavor);
    }

    /** {@code SELECT @@last_gtid} (MariaDB). */
    static GtidCapture mariaDbLastGtid() {
        return Strategies.MARIADB_LAST_GTID;
    }

    /** The server's executed set: correct for any server, but covers other sessions' writes too. */
    static GtidCapture globalExecuted(ServerFlavor flavor) {
        return flavor == ServerFlavor.MARIADB ? Strategies.MARIADB_BINLOG_POS : Strategies.MYSQL_EXECUTED;
    }

    /** The built-in strategies. */
    final class Strategies {
        static final boolean CONNECTOR_J_PRESENT = isPresent("com.mysql.cj.jdbc.JdbcConnection");
        static final GtidCapture MARIADB_LAST_GTID = new Query("mariadb-last-gtid", GtidSql.of(ServerFlavor.MARIADB).selectLastGtid());
        static final GtidCapture MARIADB_BINLOG_POS = new Query("mariadb-gtid-binlog-pos",
                GtidSql.of(ServerFlavor.MARIADB).selectSourceWritten());
        static final GtidCapture MYSQL_EXECUTED = new Query("mysql-gtid-executed", GtidSql.of(ServerFlavor.MYSQL).selectSourceWritten());

        private Strategies() {
        }

        private static boolean isPresent(String className) {
            try {
                Class.forName(className, false, GtidCapture.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        private record Query(String name, String sql) implements GtidCapture {
            @Override
            public String lastCommitted(Connection connection) throws SQLException {
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    String value = rs.next() ? rs.getString(1) : null;
                    return value == null ? "" : value.strip();
                }
            }
        }
    }
}
