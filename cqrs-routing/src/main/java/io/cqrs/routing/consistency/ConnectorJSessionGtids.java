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

/**
 * MySQL Connector/J session state tracking: with {@code trackSessionState=true} on the URL
 * and {@code session_track_gtids=OWN_GTID} in the session, the OK packet of a committing
 * statement carries the transaction's GTID, which the driver keeps until the next response.
 *
 * <p>Only loaded when Connector/J is on the class path ({@code provided} dependency).
 */
final class ConnectorJSessionGtids implements GtidCapture {

    static final ConnectorJSessionGtids INSTANCE = new ConnectorJSessionGtids();

    private ConnectorJSessionGtids() {
    }

    /** Turns tracking on for this session, or returns null when the connection cannot do it. */
    static GtidCapture enable(Connection connection) throws SQLException {
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
        try (Statement st = connection.createStatement()) {
            st.execute(GtidSql.trackOwnGtids().get(0));
            try (ResultSet rs = st.executeQuery(GtidSql.trackOwnGtids().get(1))) {
                return rs.next() && "OWN_GTID".equalsIgnoreCase(rs.getString(1)) ? INSTANCE : null;
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
            if (change.getType() == ServerSessionStateController.SESSION_TRACK_GTIDS) {
                for (String value : change.getValues()) {
                    gtids = GtidTexts.union(ServerFlavor.MYSQL, gtids, value);
                }
            }
        }
        return gtids;
    }

    @Override
    public String name() {
        return "mysql-session-track-gtids";
    }
}
