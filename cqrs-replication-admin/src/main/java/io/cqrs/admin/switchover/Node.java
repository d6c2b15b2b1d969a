package io.cqrs.admin.switchover;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.ServerIdentity;
import io.cqrs.admin.replication.GtidState;
import io.cqrs.admin.replication.ReplicationStatus;
import io.cqrs.admin.replication.ReplicationThreads;
import io.cqrs.common.GtidSet;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One server of a source change as it stands before the change: who it is, what it has
 * executed, its replication status. The statements that change it go through {@link #run}, which
 * records each (masked) into the change's step list.
 */
final class Node {

    final ServerEndpoint endpoint;
    final Dialect dialect;
    final ServerIdentity identity;
    final String executed;
    final ReplicationStatus status;

    private Node(ServerEndpoint endpoint, Dialect dialect, ServerIdentity identity, String executed, ReplicationStatus status) {
        this.endpoint = endpoint;
        this.dialect = dialect;
        this.identity = identity;
        this.executed = executed;
        this.status = status;
    }

    static Node read(ServerEndpoint e) {
        try (Connection c = e.connect()) {
            Dialect d = e.dialect();
            return new Node(e, d, ServerIdentity.read(c, d, e.address()), GtidState.executed(c, d), status(c, d));
        } catch (SQLException ex) {
            throw new AdminException("cannot read " + e.address() + ": " + ex.getMessage() + ". Nothing was changed. Check that the "
                    + "server runs and that the address, user and password are right", ex);
        }
    }

    static ReplicationStatus status(Connection c, Dialect d) throws SQLException {
        return ReplicationThreads.status(c, d);
    }

    String address() {
        return endpoint.address();
    }

    GtidSet executedSet() {
        return GtidSet.parse(dialect.version().flavor(), executed);
    }

    /** What the replica received from its source (MySQL Retrieved_Gtid_Set, MariaDB Gtid_IO_Pos), or "". */
    String retrieved() {
        String r = status.retrievedGtidSet() != null ? status.retrievedGtidSet() : status.gtidIoPos();
        return r == null ? "" : r.strip();
    }

    /**
     * The statements that enable on a new source the scheduled events this server (the old source) runs:
     * replication leaves every event it carries {@code SLAVESIDE_DISABLED} on a replica, so without them the
     * promoted server would run none of the source's jobs. The ALTERs replicate in turn, and leave the
     * events disabled on every replica of the new source, the demoted one among them.
     */
    List<String> enableEventsStatements() throws SQLException {
        return events("ENABLED").stream().map(e -> "ALTER EVENT " + e + " ENABLE").toList();
    }

    /** This server's scheduled events in {@code status}, as {@code `db`.`event`}. */
    List<String> events(String status) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = endpoint.connect();
             PreparedStatement ps = c.prepareStatement("SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS WHERE STATUS = ?"
                     + " ORDER BY 1, 2")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Dialect.quoteIdentifier(rs.getString(1)) + "." + Dialect.quoteIdentifier(rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Runs statements on this server, recording each. */
    void run(List<String> steps, String... sql) throws SQLException {
        try (Connection c = endpoint.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new SQLException(Dialect.mask(s) + " on " + address() + " failed: " + Dialect.mask(e.getMessage()),
                            e.getSQLState(), e.getErrorCode(), e);
                }
                steps.add(address() + ": " + Dialect.mask(s));
            }
        }
    }

    /** Blocks until this server has applied {@code gtids}, within {@code timeout}; false when it has not. */
    boolean waitFor(String gtids, Duration timeout, List<String> steps) throws SQLException {
        if (gtids == null || gtids.isBlank()) {
            return true;
        }
        steps.add(address() + ": " + dialect.waitForGtidsQuery().replaceFirst("\\?", Dialect.quote(gtids))
                .replaceFirst("\\?", String.valueOf(dialect.waitSeconds(timeout))));
        try (Connection c = endpoint.connect()) {
            return dialect.awaitGtids(c, gtids, timeout);
        }
    }

    /** The statements that make this (read-only) server a replica of {@code newSource} with GTID auto-positioning. */
    List<String> followStatements(io.cqrs.common.dialect.ReplicationSource newSource, boolean wasSource) {
        List<String> l = new java.util.ArrayList<>();
        if (wasSource) {
            l.addAll(dialect.prepareFormerSourceAsReplica()); // a source has no replication to stop (MariaDB refuses STOP then)
        } else {
            l.add(dialect.stopReplica());
        }
        l.add(dialect.changeSource(newSource));
        l.add(dialect.startReplica());
        return l;
    }
}
