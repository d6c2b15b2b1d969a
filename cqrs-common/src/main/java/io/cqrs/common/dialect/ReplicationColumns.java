package io.cqrs.common.dialect;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The columns of {@link Dialect#showReplicaStatus()} and {@link Dialect#showReplicaHosts()} a
 * client reads to learn a server's role, under both namings: MySQL 8.0.22+ says {@code Source_*} /
 * {@code Replica_*}, older MySQL and every MariaDB (even under {@code SHOW REPLICA STATUS}) say
 * {@code Master_*} / {@code Slave_*}.
 */
public final class ReplicationColumns {

    /** The host a replica connects to. */
    public static final String[] SOURCE_HOST = {"Source_Host", "Master_Host"};
    /** The port a replica connects to. */
    public static final String[] SOURCE_PORT = {"Source_Port", "Master_Port"};
    /** The source's server id, once the replica has connected (0 before). */
    public static final String[] SOURCE_SERVER_ID = {"Source_Server_Id", "Master_Server_Id"};
    /** The source's {@code server_uuid} (MySQL). */
    public static final String[] SOURCE_UUID = {"Source_UUID", "Master_UUID"};
    /** Whether the receiver thread runs ({@code Yes}, {@code No}, {@code Connecting}). */
    public static final String[] IO_RUNNING = {"Replica_IO_Running", "Slave_IO_Running"};
    /** Whether the applier thread runs. */
    public static final String[] SQL_RUNNING = {"Replica_SQL_Running", "Slave_SQL_Running"};
    /** A registered replica's server id, in the source's replica list. */
    public static final String[] HOST_SERVER_ID = {"Server_id", "Server_Id"};
    /** A registered replica's {@code report_host}. */
    public static final String[] HOST_HOST = {"Host"};
    /** A registered replica's {@code report_port}. */
    public static final String[] HOST_PORT = {"Port"};

    private ReplicationColumns() {
    }

    /** The value of the first of {@code names} the row has, or null when it has none of them. */
    public static String get(ResultSet rs, String... names) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        for (String name : names) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (name.equalsIgnoreCase(md.getColumnLabel(i))) {
                    return rs.getString(i);
                }
            }
        }
        return null;
    }
}
