package io.cqrs.common.dialect;

import io.cqrs.common.ServerVersion;

import static io.cqrs.common.dialect.Dialect.quote;

/**
 * MariaDB 10.x/11.x. Keeps CHANGE MASTER and RESET MASTER; REPLICA keywords since 10.5.1.
 * GTID positions live in gtid_slave_pos / gtid_current_pos; the wait is MASTER_GTID_WAIT.
 */
public final class MariaDbDialect extends BaseDialect {


    /** SQL for this MariaDB version. */
    public MariaDbDialect(ServerVersion version) {
        super(version, version.atLeast(10, 5, 1));
    }

    @Override
    public String changeSource(ReplicationSource s) {
        return "CHANGE MASTER TO MASTER_HOST=" + quote(s.host()) + ", MASTER_PORT=" + s.port()
                + ", MASTER_USER=" + quote(s.user()) + ", MASTER_PASSWORD=" + quote(s.password())
                + ", MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=" + s.connectRetrySeconds();
    }

    @Override
    public String resetBinaryLogsAndGtids() {
        return "RESET MASTER";
    }

    @Override
    public java.util.List<String> resetGtidHistory() {
        return java.util.List.of("RESET MASTER", "SET GLOBAL gtid_slave_pos = ''");
    }

    @Override
    public String showBinaryLogStatus() {
        return version().atLeast(10, 5, 2) ? "SHOW BINLOG STATUS" : "SHOW MASTER STATUS";
    }

    @Override
    public String selectExecutedGtids() {
        return "SELECT @@GLOBAL.gtid_current_pos";
    }

    @Override
    public String selectPurgedGtids() {
        return null;
    }

    @Override
    public String selectSnapshotPosition() {
        return GtidSql.of(io.cqrs.common.ServerFlavor.MARIADB).selectSourceWritten();
    }

    @Override
    public String setGtidStartPosition(String gtids) {
        return "SET GLOBAL gtid_slave_pos = " + quote(gtids);
    }

    @Override
    public String waitForGtidsQuery() {
        return GtidSql.of(io.cqrs.common.ServerFlavor.MARIADB).waitQuery();
    }

    @Override
    public java.util.List<String> prepareFormerSourceAsReplica() {
        return java.util.List.of("SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos");
    }

    @Override
    public String showReplicaHosts() {
        return "SHOW SLAVE HOSTS";
    }

    @Override
    public String selectServerUuid() {
        return null;
    }

    @Override
    public String readOnlyVariable() {
        return "read_only";
    }

    @Override
    public String setReadOnly(boolean on) {
        return on ? "SET GLOBAL read_only = ON" : "SET GLOBAL read_only = OFF";
    }

    @Override
    public String logReplicaUpdatesVariable() {
        return "log_slave_updates";
    }

    @Override
    public String dumpGtidStatement(String gtids) {
        return "SET GLOBAL gtid_slave_pos = " + quote(gtids) + ";";
    }

    @Override
    public String freshTableStatistics() {
        return null;
    }

    @Override
    public String historyInsert() {
        return version().atLeast(10, 11, 0) ? "SET SESSION system_versioning_insert_history = 1" : null;
    }

    @Override
    public String bulkLoadSessionSetting() {
        return "SET SESSION UNIQUE_CHECKS = 1";
    }

    @Override
    public String stopApplierForUntil() {
        return stopReplica();
    }

    @Override
    public String startApplierUntil(String gtids) {
        return startReplica() + " UNTIL master_gtid_pos = " + quote(gtids);
    }

    @Override
    public java.util.List<String> resumeApplier() {
        return java.util.List.of(stopReplica(), startReplica());
    }
}
