package io.cqrs.routing.consistency;

import io.cqrs.common.dialect.GtidSql;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.protocol.ServerSessionStateController;
import com.mysql.cj.protocol.ServerSessionStateController.ServerSessionStateChanges;
import com.mysql.cj.protocol.ServerSessionStateController.SessionStateChange;
import io.cqrs.common.ServerFlavor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Connector/J session state tracking: with {@code trackSessionState=true} on the URL, the OK
 * packet of a committing statement carries the transaction's GTID, which the driver keeps until
 * the next response — read here with no round trip.
 * <ul>
 *   <li>MySQL: {@code session_track_gtids=OWN_GTID}, reported as a GTIDs change.</li>
 *   <li>MariaDB: {@code last_gtid} added to {@code session_track_system_variables}, reported as a
 *       system variable change {@code [last_gtid, <gtid>]} (measured on 10.11.5 with Connector/J:
 *       the autocommit write's OK packet, {@code COMMIT}'s, and {@code SET autocommit=1}'s when
 *       it commits).</li>
 * </ul>
 *
 * <p>Only loaded when Connector/J is on the class path ({@code provided} dependency).
 */
final class ConnectorJSessionGtids implements GtidCapture {

    private static final String LAST_GTID = "last_gtid";

    static final ConnectorJSessionGtids MYSQL = new ConnectorJSessionGtids(ServerFlavor.MYSQL);
    static final ConnectorJSessionGtids MARIADB = new ConnectorJSessionGtids(ServerFlavor.MARIADB);

    private final ServerFlavor flavor;

    private ConnectorJSessionGtids(ServerFlavor flavor) {
        this.flavor = flavor;
    }

    /** Turns tracking on for this session, or returns null when the connection cannot do it. */
    static GtidCapture enable(Connection connection, ServerFlavor flavor) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        JdbcConnection jc = connection.unwrap(JdbcConnection.class);
        try {
            if (!jc.getPropertySet().getBooleanProperty(PropertyKey.trackSessionState).getValue()) {
                return null;
            }
        } catch (RuntimeException | LinkageError olderDriver) {
            return null; // a Connector/J without session state tracking
        }
        List<String> sql = flavor == ServerFlavor.MARIADB ? GtidSql.trackLastGtid() : GtidSql.trackOwnGtids();
        try (Statement st = connection.createStatement()) {
            st.execute(sql.get(0));
            try (ResultSet rs = st.executeQuery(sql.get(1))) {
                String value = rs.next() ? rs.getString(1) : null;
                if (value == null) {
                    return null;
                }
                if (flavor == ServerFlavor.MARIADB) {
                    for (String v : value.split(",")) {
                        if (v.strip().equalsIgnoreCase(LAST_GTID)) {
                            return MARIADB;
                        }
                    }
                    return null;
                }
                return "OWN_GTID".equalsIgnoreCase(value) ? MYSQL : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public String lastCommitted(Connection connection) throws SQLException {
        JdbcConnection jc = connection.unwrap(JdbcConnection.class);
        ServerSessionStateChanges changes = jc.getServerSessionStateController().getSessionStateChanges();
        if (changes == null || changes.getSessionStateChangesList() == null) {
            return "";
        }
        String gtids = "";
        for (SessionStateChange change : changes.getSessionStateChangesList()) {
            List<String> values = change.getValues();
            if (flavor == ServerFlavor.MYSQL && change.getType() == ServerSessionStateController.SESSION_TRACK_GTIDS) {
                for (String value : values) {
                    gtids = GtidTexts.union(flavor, gtids, value);
                }
            } else if (flavor == ServerFlavor.MARIADB && change.getType() == ServerSessionStateController.SESSION_TRACK_SYSTEM_VARIABLES
                    && values.size() >= 2 && LAST_GTID.equalsIgnoreCase(values.get(0)) && values.get(1) != null) {
                gtids = GtidTexts.union(flavor, gtids, values.get(1).strip());
            }
        }
        return gtids;
    }

    @Override
    public String name() {
        return flavor == ServerFlavor.MARIADB ? "mariadb-session-track-last-gtid" : "mysql-session-track-gtids";
    }
}
