package io.cqrs.common.dialect;

import io.cqrs.common.ServerVersion;

import static io.cqrs.common.dialect.Dialect.quote;

/**
 * What MySQL and MariaDB spell alike: the replica thread statements (REPLICA or SLAVE by
 * version), account management and the result of the GTID waits.
 */
abstract class BaseDialect implements Dialect {

    private final ServerVersion version;
    private final String replica;

    BaseDialect(ServerVersion version, boolean replicaKeywords) {
        this.version = version;
        this.replica = replicaKeywords ? "REPLICA" : "SLAVE";
    }

    @Override
    public final ServerVersion version() {
        return version;
    }

    @Override
    public final String startReplica() {
        return "START " + replica;
    }

    @Override
    public final String stopReplica() {
        return "STOP " + replica;
    }

    @Override
    public final String startSqlThread() {
        return "START " + replica + " SQL_THREAD";
    }

    @Override
    public final String stopSqlThread() {
        return "STOP " + replica + " SQL_THREAD";
    }

    @Override
    public final String startIoThread() {
        return "START " + replica + " IO_THREAD";
    }

    @Override
    public final String stopIoThread() {
        return "STOP " + replica + " IO_THREAD";
    }

    @Override
    public final String resetReplicaAll() {
        return "RESET " + replica + " ALL";
    }

    @Override
    public final String showReplicaStatus() {
        return "SHOW " + replica + " STATUS";
    }

    /** WAIT_FOR_EXECUTED_GTID_SET and MASTER_GTID_WAIT both answer 0 when the set was reached. */
    @Override
    public final boolean waitSucceeded(long result) {
        return result == 0;
    }

    @Override
    public final String createReplicationUser(String user, String host, String password) {
        return "CREATE USER IF NOT EXISTS " + quote(user) + "@" + quote(host) + " IDENTIFIED BY " + quote(password);
    }

    @Override
    public final String alterReplicationUserPassword(String user, String host, String password) {
        return "ALTER USER " + quote(user) + "@" + quote(host) + " IDENTIFIED BY " + quote(password);
    }

    /** REPLICATION SLAVE is spelled so on every version (REPLICATION REPLICA is only an alias). */
    @Override
    public final String grantReplication(String user, String host) {
        return "GRANT REPLICATION SLAVE ON *.* TO " + quote(user) + "@" + quote(host);
    }

    @Override
    public final String dropUserIfExists(String user, String host) {
        return "DROP USER IF EXISTS " + quote(user) + "@" + quote(host);
    }
}
