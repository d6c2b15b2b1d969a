package io.cqrs.common.dialect;

import io.cqrs.common.ServerVersion;

import static io.cqrs.common.dialect.Dialect.quote;

/**
 * MySQL 8.0 and later. Syntax moves with the version:
 * <ul>
 *   <li>8.0.22: START/STOP/RESET REPLICA, SHOW REPLICA STATUS;</li>
 *   <li>8.0.23: CHANGE REPLICATION SOURCE TO with SOURCE_* options;</li>
 *   <li>8.0.26: log_replica_updates;</li>
 *   <li>8.2: RESET BINARY LOGS AND GTIDS, SHOW BINARY LOG STATUS (the old forms are gone in 8.4).</li>
 * </ul>
 */
public final class MySqlDialect extends BaseDialect {

    private final boolean sourceKeywords;
    private final boolean replicaVariables;
    private final boolean binaryLogKeywords;

    /** SQL for this MySQL version (the keywords change at 8.0.22, 8.0.23, 8.0.26 and 8.2). */
    public MySqlDialect(ServerVersion version) {
        super(version, version.atLeast(8, 0, 22));
        this.sourceKeywords = version.atLeast(8, 0, 23);
        this.replicaVariables = version.atLeast(8, 0, 26);
        this.binaryLogKeywords = version.atLeast(8, 2, 0);
    }

    @Override
    public String changeSource(ReplicationSource s) {
        if (sourceKeywords) {
            return "CHANGE REPLICATION SOURCE TO SOURCE_HOST=" + quote(s.host()) + ", SOURCE_PORT=" + s.port()
                    + ", SOURCE_USER=" + quote(s.user()) + ", SOURCE_PASSWORD=" + quote(s.password())
                    + ", SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=" + s.connectRetrySeconds();
        }
        return "CHANGE MASTER TO MASTER_HOST=" + quote(s.host()) + ", MASTER_PORT=" + s.port()
                + ", MASTER_USER=" + quote(s.user()) + ", MASTER_PASSWORD=" + quote(s.password())
                + ", MASTER_AUTO_POSITION=1, GET_MASTER_PUBLIC_KEY=1, MASTER_CONNECT_RETRY=" + s.connectRetrySeconds();
    }

    @Override
    public String resetBinaryLogsAndGtids() {
        return binaryLogKeywords ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER";
    }

    @Override
    public java.util.List<String> resetGtidHistory() {
        return java.util.List.of(resetBinaryLogsAndGtids());
    }

    @Override
    public String showBinaryLogStatus() {
        return binaryLogKeywords ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    @Override
    public String selectExecutedGtids() {
        return GtidSql.of(io.cqrs.common.ServerFlavor.MYSQL).selectSourceWritten();
    }

    @Override
    public String selectPurgedGtids() {
        return "SELECT @@GLOBAL.gtid_purged";
    }

    @Override
    public String selectSnapshotPosition() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    @Override
    public String setGtidStartPosition(String gtids) {
        return "SET @@GLOBAL.gtid_purged = " + quote(gtids);
    }

    @Override
    public String waitForGtidsQuery() {
        return GtidSql.of(io.cqrs.common.ServerFlavor.MYSQL).waitQuery();
    }

    @Override
    public java.util.List<String> prepareFormerSourceAsReplica() {
        return java.util.List.of();
    }

    @Override
    public String showReplicaHosts() {
        return version().atLeast(8, 0, 22) ? "SHOW REPLICAS" : "SHOW SLAVE HOSTS";
    }

    @Override
    public String selectServerUuid() {
        return "SELECT @@GLOBAL.server_uuid";
    }

    @Override
    public String readOnlyVariable() {
        return "super_read_only";
    }

    @Override
    public String setReadOnly(boolean on) {
        return on ? "SET GLOBAL super_read_only = ON" : "SET GLOBAL super_read_only = OFF, GLOBAL read_only = OFF";
    }

    @Override
    public String logReplicaUpdatesVariable() {
        return replicaVariables ? "log_replica_updates" : "log_slave_updates";
    }

    @Override
    public String dumpGtidStatement(String gtids) {
        return "SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ " + quote(gtids) + ";";
    }

    @Override
    public String freshTableStatistics() {
        return version().atLeast(8, 0, 3) ? "SET SESSION information_schema_stats_expiry = 0" : null;
    }

    @Override
    public String stopApplierForUntil() {
        return stopSqlThread();
    }

    @Override
    public String historyInsert() {
        return null;
    }

    @Override
    public String bulkLoadSessionSetting() {
        return null;
    }

    @Override
    public String startApplierUntil(String gtids) {
        return startSqlThread() + " UNTIL SQL_AFTER_GTIDS = " + quote(gtids);
    }

    @Override
    public java.util.List<String> resumeApplier() {
        return java.util.List.of(stopSqlThread(), startSqlThread());
    }
}
