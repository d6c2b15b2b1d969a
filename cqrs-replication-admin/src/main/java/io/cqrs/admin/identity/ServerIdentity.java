package io.cqrs.admin.identity;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationColumns;
import io.cqrs.common.ServerVersion;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who a server is, as the server itself says: its {@code server_uuid} (MySQL) or
 * {@code server_id}, host name, port and data directory (MariaDB, which has no uuid), what it
 * replicates from and which replicas follow it. Read once with {@link #read(ServerEndpoint)},
 * before anything is changed, so that a command can prove it is about to work on the server the
 * operator meant.
 *
 * @param address   the address it was reached at ({@code host:port} as given)
 * @param serverId  {@code @@server_id}
 * @param serverUuid {@code @@server_uuid}; {@code null} on MariaDB
 * @param hostname  {@code @@hostname}
 * @param port      {@code @@port}
 * @param datadir   {@code @@datadir}
 * @param version   {@code SELECT VERSION()}
 * @param readOnly  {@code @@read_only} (or {@code super_read_only}) is on
 * @param upstream  where it replicates from; {@code null} when it has no replication configured
 * @param followers the replicas reading its binary log now (binlog dump threads) or registered with it
 * @param executedGtids what it has executed (MySQL gtid_executed, MariaDB gtid_current_pos): the origin of its data
 */
public record ServerIdentity(String address, long serverId, String serverUuid, String hostname, int port, String datadir,
                             ServerVersion version, boolean readOnly, Upstream upstream, List<Follower> followers,
                             String executedGtids) {

    /**
     * The source a replica is configured to replicate from, as its replication status shows it.
     *
     * @param host       Source_Host / Master_Host
     * @param port       Source_Port / Master_Port
     * @param serverId   Source_Server_Id / Master_Server_Id; 0 until the replica has connected
     * @param serverUuid Source_UUID / Master_UUID (MySQL; kept across restarts); {@code null} or empty when unknown
     * @param running    the IO or SQL thread runs (or the IO thread is connecting)
     */
    public record Upstream(String host, int port, long serverId, String serverUuid, boolean running) {

        /** "host:port (server_id N)". */
        public String describe() {
            return host + ":" + port + (serverUuid != null && !serverUuid.isEmpty() ? " (server_uuid " + serverUuid + ")"
                    : serverId != 0 ? " (server_id " + serverId + ")" : "");
        }
    }

    /**
     * A replica of this server.
     *
     * @param host     where it connects from (processlist host, or its report_host)
     * @param serverId its server_id when it is registered; 0 when unknown
     */
    public record Follower(String host, long serverId) {

        /** The host, with its server_id when known. */
        public String describe() {
            return host + (serverId != 0 ? " (server_id " + serverId + ")" : "");
        }
    }

    /** Checks the address; copies the follower list. */
    public ServerIdentity {
        Objects.requireNonNull(address, "address");
        followers = List.copyOf(followers);
    }

    /** Reads the identity of a server over a new connection. */
    public static ServerIdentity read(ServerEndpoint endpoint) {
        try (Connection c = endpoint.connect()) {
            return read(c, endpoint.dialect(), endpoint.address());
        } catch (SQLException e) {
            throw new AdminException("cannot tell which server " + endpoint.address() + " is: " + e.getMessage()
                    + ". Nothing was changed. Check that the server runs and the address, user and password are right");
        }
    }

    /** Reads the identity over an open connection. */
    public static ServerIdentity read(Connection c, Dialect dialect, String address) throws SQLException {
        long serverId;
        String hostname;
        int port;
        String datadir;
        boolean readOnly;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.server_id, @@hostname, @@port, @@datadir, @@GLOBAL.read_only, @@GLOBAL."
                     + dialect.readOnlyVariable())) {
            rs.next();
            serverId = rs.getLong(1);
            hostname = rs.getString(2);
            port = rs.getInt(3);
            datadir = rs.getString(4);
            readOnly = rs.getBoolean(5) || rs.getBoolean(6);
        }
        String uuid = null;
        if (dialect.selectServerUuid() != null) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.selectServerUuid())) {
                rs.next();
                uuid = rs.getString(1);
            }
        }
        String executed;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.selectExecutedGtids())) {
            rs.next();
            executed = rs.getString(1) == null ? "" : rs.getString(1).replaceAll("\\s+", "");
        }
        return new ServerIdentity(address, serverId, uuid, hostname, port, datadir, dialect.version(), readOnly,
                upstream(c, dialect), followers(c, dialect), executed);
    }

    private static Upstream upstream(Connection c, Dialect dialect) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.showReplicaStatus())) {
            if (!rs.next()) {
                return null;
            }
            String host = ReplicationColumns.get(rs, ReplicationColumns.SOURCE_HOST);
            if (host == null || host.isEmpty()) {
                return null;
            }
            String io = ReplicationColumns.get(rs, ReplicationColumns.IO_RUNNING);
            String sql = ReplicationColumns.get(rs, ReplicationColumns.SQL_RUNNING);
            boolean running = "Yes".equalsIgnoreCase(io) || "Connecting".equalsIgnoreCase(io) || "Preparing".equalsIgnoreCase(io)
                    || "Yes".equalsIgnoreCase(sql);
            String port = ReplicationColumns.get(rs, ReplicationColumns.SOURCE_PORT);
            String id = ReplicationColumns.get(rs, ReplicationColumns.SOURCE_SERVER_ID);
            return new Upstream(host, port == null ? 0 : Integer.parseInt(port), id == null || id.isEmpty() ? 0 : Long.parseLong(id),
                    ReplicationColumns.get(rs, ReplicationColumns.SOURCE_UUID), running);
        }
    }

    private static List<Follower> followers(Connection c, Dialect dialect) throws SQLException {
        List<Follower> registered = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.showReplicaHosts())) {
            while (rs.next()) {
                String host = ReplicationColumns.get(rs, ReplicationColumns.HOST_HOST);
                String id = ReplicationColumns.get(rs, ReplicationColumns.HOST_SERVER_ID);
                registered.add(new Follower(host == null || host.isEmpty() ? "(no report_host)" : host + ":" + ReplicationColumns.get(rs, ReplicationColumns.HOST_PORT),
                        id == null || id.isEmpty() ? 0 : Long.parseLong(id)));
            }
        }
        // replicas without report_host may not be registered (MariaDB): their binlog dump threads still show
        List<Follower> dumping = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT HOST FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
            while (rs.next()) {
                String host = rs.getString(1);
                int colon = host == null ? -1 : host.lastIndexOf(':');
                dumping.add(new Follower(colon > 0 ? host.substring(0, colon) : String.valueOf(host), 0));
            }
        }
        Set<Follower> out = new LinkedHashSet<>(registered);
        if (dumping.size() > registered.size()) {
            out.addAll(dumping.subList(registered.size(), dumping.size()));
        }
        return List.copyOf(out);
    }

    /**
     * True when both were read from one server: the same {@code server_uuid} where the servers
     * have one, otherwise the same server_id, host name, port and data directory.
     */
    public boolean sameServerAs(ServerIdentity other) {
        if (serverUuid != null && other.serverUuid != null) {
            return serverUuid.equalsIgnoreCase(other.serverUuid);
        }
        return serverId == other.serverId && port == other.port && Objects.equals(hostname, other.hostname)
                && Objects.equals(datadir, other.datadir);
    }

    /** What a replica's status proves about this server being its source. */
    public enum Match {
        /** The replica's status names this server's server_uuid. */
        YES,
        /** It names another server_uuid or server_id, or the replica has no source configured. */
        NO,
        /**
         * Ids cannot decide: there is no server_uuid (MariaDB, or a replica that never connected) and
         * the server_id is this server's or unknown. server_ids repeat across clusters, so the
         * configured address must decide.
         */
        UNKNOWN
    }

    /** Whether a replica's configured source is this server, judged by the ids its status shows. */
    public Match isUpstreamOf(ServerIdentity replica) {
        Upstream u = replica.upstream;
        if (u == null) {
            return Match.NO;
        }
        if (serverUuid != null && u.serverUuid() != null && !u.serverUuid().isEmpty()) {
            return serverUuid.equalsIgnoreCase(u.serverUuid()) ? Match.YES : Match.NO;
        }
        if (u.serverId() != 0 && u.serverId() != serverId) {
            return Match.NO;
        }
        return Match.UNKNOWN;
    }

    /**
     * True when this server executed transactions that {@code origin} wrote itself: GTIDs with its
     * server_uuid (MySQL) or its server_id (MariaDB's domain-server-seq). A replica of a source has
     * them; a replica of another cluster does not.
     */
    public boolean hasTransactionsWrittenBy(ServerIdentity origin) {
        if (executedGtids == null || executedGtids.isEmpty()) {
            return false;
        }
        if (origin.serverUuid != null) {
            return executedGtids.toLowerCase(java.util.Locale.ROOT).contains(origin.serverUuid.toLowerCase(java.util.Locale.ROOT) + ":");
        }
        for (String entry : executedGtids.split(",")) {
            String[] f = entry.strip().split("-");
            if (f.length == 3 && f[1].equals(Long.toString(origin.serverId))) {
                return true;
            }
        }
        return false;
    }

    /** "127.0.0.1:3306 (server_uuid …)" or, on MariaDB, "(server_id 1, datadir /…)". */
    public String describe() {
        return address + (serverUuid != null ? " (server_uuid " + serverUuid + ")"
                : " (server_id " + serverId + ", " + hostname + ":" + port + ", datadir " + datadir + ")");
    }

    /** The followers as one line: "127.0.0.1 (server_id 2), …". */
    public String describeFollowers() {
        return String.join(", ", followers.stream().map(Follower::describe).toList());
    }
}
