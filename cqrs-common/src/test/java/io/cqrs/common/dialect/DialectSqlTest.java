package io.cqrs.common.dialect;

import io.cqrs.common.ServerVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins every statement each dialect sends, per server version, from real {@code VERSION()}
 * strings. A change of syntax threshold shows up here as a one-line diff.
 */
class DialectSqlTest {

    static final String MYSQL_GTIDS = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5";
    static final String MARIA_GTIDS = "0-1-100";
    static final ReplicationSource SOURCE = new ReplicationSource("10.0.0.5", 3306, "repl", "s3cret", 10);

    /** Every statement of the dialect, one "method: sql" line each. */
    static String render(Dialect d, String gtids) {
        return "changeSource: " + d.changeSource(SOURCE) + "\n"
                + "startReplica: " + d.startReplica() + "\n"
                + "stopReplica: " + d.stopReplica() + "\n"
                + "startSqlThread: " + d.startSqlThread() + "\n"
                + "stopSqlThread: " + d.stopSqlThread() + "\n"
                + "startIoThread: " + d.startIoThread() + "\n"
                + "stopIoThread: " + d.stopIoThread() + "\n"
                + "resetReplicaAll: " + d.resetReplicaAll() + "\n"
                + "resetBinaryLogsAndGtids: " + d.resetBinaryLogsAndGtids() + "\n"
                + "showReplicaStatus: " + d.showReplicaStatus() + "\n"
                + "showBinaryLogStatus: " + d.showBinaryLogStatus() + "\n"
                + "selectExecutedGtids: " + d.selectExecutedGtids() + "\n"
                + "selectPurgedGtids: " + d.selectPurgedGtids() + "\n"
                + "setGtidStartPosition: " + d.setGtidStartPosition(gtids) + "\n"
                + "waitForGtidsQuery: " + d.waitForGtidsQuery() + "\n"
                + "readOnlyVariable: " + d.readOnlyVariable() + "\n"
                + "selectReadOnlyFlag: " + d.selectReadOnlyFlag() + "\n"
                + "setReadOnly(true): " + d.setReadOnly(true) + "\n"
                + "setReadOnly(false): " + d.setReadOnly(false) + "\n"
                + "createReplicationUser: " + d.createReplicationUser("repl", "%", "s3cret") + "\n"
                + "alterReplicationUserPassword: " + d.alterReplicationUserPassword("repl", "%", "s3cret") + "\n"
                + "grantReplication: " + d.grantReplication("repl", "%") + "\n"
                + "dropUserIfExists: " + d.dropUserIfExists("repl", "%") + "\n"
                + "logReplicaUpdatesVariable: " + d.logReplicaUpdatesVariable() + "\n"
                + "disableSessionBinlog: " + d.disableSessionBinlog() + "\n"
                + "enableSessionBinlog: " + d.enableSessionBinlog() + "\n"
                + "dumpGtidStatement: " + d.dumpGtidStatement(gtids) + "\n"
                + "freshTableStatistics: " + d.freshTableStatistics() + "\n"
                + "bulkLoadSessionSetting: " + d.bulkLoadSessionSetting() + "\n";
    }

    static Dialect dialect(String versionFunctionResult) {
        return Dialect.forVersion(ServerVersion.parse(versionFunctionResult));
    }

    @Test
    void mysql8015_usesLegacyMasterSlaveSyntax() {
        Dialect d = dialect("8.0.15");

        assertThat(d).isInstanceOf(MySqlDialect.class);
        assertThat(render(d, MYSQL_GTIDS)).isEqualTo("""
                changeSource: CHANGE MASTER TO MASTER_HOST='10.0.0.5', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_AUTO_POSITION=1, GET_MASTER_PUBLIC_KEY=1, MASTER_CONNECT_RETRY=10
                startReplica: START SLAVE
                stopReplica: STOP SLAVE
                startSqlThread: START SLAVE SQL_THREAD
                stopSqlThread: STOP SLAVE SQL_THREAD
                startIoThread: START SLAVE IO_THREAD
                stopIoThread: STOP SLAVE IO_THREAD
                resetReplicaAll: RESET SLAVE ALL
                resetBinaryLogsAndGtids: RESET MASTER
                showReplicaStatus: SHOW SLAVE STATUS
                showBinaryLogStatus: SHOW MASTER STATUS
                selectExecutedGtids: SELECT @@GLOBAL.gtid_executed
                selectPurgedGtids: SELECT @@GLOBAL.gtid_purged
                setGtidStartPosition: SET @@GLOBAL.gtid_purged = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5'
                waitForGtidsQuery: SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)
                readOnlyVariable: super_read_only
                selectReadOnlyFlag: SELECT @@GLOBAL.read_only
                setReadOnly(true): SET GLOBAL super_read_only = ON
                setReadOnly(false): SET GLOBAL super_read_only = OFF, GLOBAL read_only = OFF
                createReplicationUser: CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 's3cret'
                alterReplicationUserPassword: ALTER USER 'repl'@'%' IDENTIFIED BY 's3cret'
                grantReplication: GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'
                dropUserIfExists: DROP USER IF EXISTS 'repl'@'%'
                logReplicaUpdatesVariable: log_slave_updates
                disableSessionBinlog: SET SESSION sql_log_bin = 0
                enableSessionBinlog: SET SESSION sql_log_bin = 1
                dumpGtidStatement: SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';
                freshTableStatistics: SET SESSION information_schema_stats_expiry = 0
                bulkLoadSessionSetting: null
                """);
    }

    @Test
    void mysql8022_switchesToReplicaKeywordsButKeepsChangeMaster() {
        Dialect d = dialect("8.0.22-log");

        assertThat(render(d, MYSQL_GTIDS)).isEqualTo("""
                changeSource: CHANGE MASTER TO MASTER_HOST='10.0.0.5', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_AUTO_POSITION=1, GET_MASTER_PUBLIC_KEY=1, MASTER_CONNECT_RETRY=10
                startReplica: START REPLICA
                stopReplica: STOP REPLICA
                startSqlThread: START REPLICA SQL_THREAD
                stopSqlThread: STOP REPLICA SQL_THREAD
                startIoThread: START REPLICA IO_THREAD
                stopIoThread: STOP REPLICA IO_THREAD
                resetReplicaAll: RESET REPLICA ALL
                resetBinaryLogsAndGtids: RESET MASTER
                showReplicaStatus: SHOW REPLICA STATUS
                showBinaryLogStatus: SHOW MASTER STATUS
                selectExecutedGtids: SELECT @@GLOBAL.gtid_executed
                selectPurgedGtids: SELECT @@GLOBAL.gtid_purged
                setGtidStartPosition: SET @@GLOBAL.gtid_purged = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5'
                waitForGtidsQuery: SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)
                readOnlyVariable: super_read_only
                selectReadOnlyFlag: SELECT @@GLOBAL.read_only
                setReadOnly(true): SET GLOBAL super_read_only = ON
                setReadOnly(false): SET GLOBAL super_read_only = OFF, GLOBAL read_only = OFF
                createReplicationUser: CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 's3cret'
                alterReplicationUserPassword: ALTER USER 'repl'@'%' IDENTIFIED BY 's3cret'
                grantReplication: GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'
                dropUserIfExists: DROP USER IF EXISTS 'repl'@'%'
                logReplicaUpdatesVariable: log_slave_updates
                disableSessionBinlog: SET SESSION sql_log_bin = 0
                enableSessionBinlog: SET SESSION sql_log_bin = 1
                dumpGtidStatement: SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';
                freshTableStatistics: SET SESSION information_schema_stats_expiry = 0
                bulkLoadSessionSetting: null
                """);
    }

    @Test
    void mysql8023_usesChangeReplicationSourceWithSourceOptions() {
        Dialect d = dialect("8.0.23");

        assertThat(d.changeSource(SOURCE)).isEqualTo("CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.0.0.5', SOURCE_PORT=3306, "
                + "SOURCE_USER='repl', SOURCE_PASSWORD='s3cret', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=10");
        assertThat(d.startReplica()).isEqualTo("START REPLICA");
        assertThat(d.showReplicaStatus()).isEqualTo("SHOW REPLICA STATUS");
        assertThat(d.logReplicaUpdatesVariable()).as("renamed only in 8.0.26").isEqualTo("log_slave_updates");
        assertThat(d.resetBinaryLogsAndGtids()).isEqualTo("RESET MASTER");
    }

    @Test
    void mysql8026_renamesLogReplicaUpdates() {
        Dialect d = dialect("8.0.26");

        assertThat(d.logReplicaUpdatesVariable()).isEqualTo("log_replica_updates");
        assertThat(dialect("8.0.25").logReplicaUpdatesVariable()).isEqualTo("log_slave_updates");
        assertThat(d.showBinaryLogStatus()).isEqualTo("SHOW MASTER STATUS");
        assertThat(d.resetBinaryLogsAndGtids()).isEqualTo("RESET MASTER");
    }

    @Test
    void mysql84_usesOnlyStatementsThatExistAfterTheMasterKeywordsWereRemoved() {
        Dialect d = dialect("8.4.0");

        assertThat(render(d, MYSQL_GTIDS)).isEqualTo("""
                changeSource: CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.0.0.5', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=10
                startReplica: START REPLICA
                stopReplica: STOP REPLICA
                startSqlThread: START REPLICA SQL_THREAD
                stopSqlThread: STOP REPLICA SQL_THREAD
                startIoThread: START REPLICA IO_THREAD
                stopIoThread: STOP REPLICA IO_THREAD
                resetReplicaAll: RESET REPLICA ALL
                resetBinaryLogsAndGtids: RESET BINARY LOGS AND GTIDS
                showReplicaStatus: SHOW REPLICA STATUS
                showBinaryLogStatus: SHOW BINARY LOG STATUS
                selectExecutedGtids: SELECT @@GLOBAL.gtid_executed
                selectPurgedGtids: SELECT @@GLOBAL.gtid_purged
                setGtidStartPosition: SET @@GLOBAL.gtid_purged = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5'
                waitForGtidsQuery: SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)
                readOnlyVariable: super_read_only
                selectReadOnlyFlag: SELECT @@GLOBAL.read_only
                setReadOnly(true): SET GLOBAL super_read_only = ON
                setReadOnly(false): SET GLOBAL super_read_only = OFF, GLOBAL read_only = OFF
                createReplicationUser: CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 's3cret'
                alterReplicationUserPassword: ALTER USER 'repl'@'%' IDENTIFIED BY 's3cret'
                grantReplication: GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'
                dropUserIfExists: DROP USER IF EXISTS 'repl'@'%'
                logReplicaUpdatesVariable: log_replica_updates
                disableSessionBinlog: SET SESSION sql_log_bin = 0
                enableSessionBinlog: SET SESSION sql_log_bin = 1
                dumpGtidStatement: SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';
                freshTableStatistics: SET SESSION information_schema_stats_expiry = 0
                bulkLoadSessionSetting: null
                """);
    }

    @Test
    void mysql_binaryLogKeywordsStartAt82() {
        assertThat(dialect("8.1.0").showBinaryLogStatus()).isEqualTo("SHOW MASTER STATUS");
        assertThat(dialect("8.2.0").showBinaryLogStatus()).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(dialect("8.2.0").resetBinaryLogsAndGtids()).isEqualTo("RESET BINARY LOGS AND GTIDS");
    }

    @Test
    void mariadb104_usesSlaveKeywordsAndGtidSlavePos() {
        Dialect d = dialect("10.4.32-MariaDB-log");

        assertThat(d).isInstanceOf(MariaDbDialect.class);
        assertThat(render(d, MARIA_GTIDS)).isEqualTo("""
                changeSource: CHANGE MASTER TO MASTER_HOST='10.0.0.5', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=10
                startReplica: START SLAVE
                stopReplica: STOP SLAVE
                startSqlThread: START SLAVE SQL_THREAD
                stopSqlThread: STOP SLAVE SQL_THREAD
                startIoThread: START SLAVE IO_THREAD
                stopIoThread: STOP SLAVE IO_THREAD
                resetReplicaAll: RESET SLAVE ALL
                resetBinaryLogsAndGtids: RESET MASTER
                showReplicaStatus: SHOW SLAVE STATUS
                showBinaryLogStatus: SHOW MASTER STATUS
                selectExecutedGtids: SELECT @@GLOBAL.gtid_current_pos
                selectPurgedGtids: null
                setGtidStartPosition: SET GLOBAL gtid_slave_pos = '0-1-100'
                waitForGtidsQuery: SELECT MASTER_GTID_WAIT(?, ?)
                readOnlyVariable: read_only
                selectReadOnlyFlag: SELECT @@GLOBAL.read_only
                setReadOnly(true): SET GLOBAL read_only = ON
                setReadOnly(false): SET GLOBAL read_only = OFF
                createReplicationUser: CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 's3cret'
                alterReplicationUserPassword: ALTER USER 'repl'@'%' IDENTIFIED BY 's3cret'
                grantReplication: GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'
                dropUserIfExists: DROP USER IF EXISTS 'repl'@'%'
                logReplicaUpdatesVariable: log_slave_updates
                disableSessionBinlog: SET SESSION sql_log_bin = 0
                enableSessionBinlog: SET SESSION sql_log_bin = 1
                dumpGtidStatement: SET GLOBAL gtid_slave_pos = '0-1-100';
                freshTableStatistics: null
                bulkLoadSessionSetting: SET SESSION UNIQUE_CHECKS = 1
                """);
    }

    @Test
    void mariadb1051_hasReplicaKeywordsButNotYetShowBinlogStatus() {
        Dialect d = dialect("10.5.1-MariaDB");

        assertThat(d.startReplica()).isEqualTo("START REPLICA");
        assertThat(d.stopIoThread()).isEqualTo("STOP REPLICA IO_THREAD");
        assertThat(d.resetReplicaAll()).isEqualTo("RESET REPLICA ALL");
        assertThat(d.showReplicaStatus()).isEqualTo("SHOW REPLICA STATUS");
        assertThat(d.showBinaryLogStatus()).as("SHOW BINLOG STATUS arrived in 10.5.2").isEqualTo("SHOW MASTER STATUS");
        assertThat(dialect("10.5.0-MariaDB").startReplica()).isEqualTo("START SLAVE");
    }

    @Test
    void mariadb1011_behindConnectorJPrefix_isMariaDbWithReplicaAndBinlogStatus() {
        Dialect d = dialect("5.5.5-10.11.5-MariaDB-log");

        assertThat(d).isInstanceOf(MariaDbDialect.class);
        assertThat(d.version().describe()).isEqualTo("MariaDB 10.11.5");
        assertThat(render(d, MARIA_GTIDS)).isEqualTo("""
                changeSource: CHANGE MASTER TO MASTER_HOST='10.0.0.5', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=10
                startReplica: START REPLICA
                stopReplica: STOP REPLICA
                startSqlThread: START REPLICA SQL_THREAD
                stopSqlThread: STOP REPLICA SQL_THREAD
                startIoThread: START REPLICA IO_THREAD
                stopIoThread: STOP REPLICA IO_THREAD
                resetReplicaAll: RESET REPLICA ALL
                resetBinaryLogsAndGtids: RESET MASTER
                showReplicaStatus: SHOW REPLICA STATUS
                showBinaryLogStatus: SHOW BINLOG STATUS
                selectExecutedGtids: SELECT @@GLOBAL.gtid_current_pos
                selectPurgedGtids: null
                setGtidStartPosition: SET GLOBAL gtid_slave_pos = '0-1-100'
                waitForGtidsQuery: SELECT MASTER_GTID_WAIT(?, ?)
                readOnlyVariable: read_only
                selectReadOnlyFlag: SELECT @@GLOBAL.read_only
                setReadOnly(true): SET GLOBAL read_only = ON
                setReadOnly(false): SET GLOBAL read_only = OFF
                createReplicationUser: CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 's3cret'
                alterReplicationUserPassword: ALTER USER 'repl'@'%' IDENTIFIED BY 's3cret'
                grantReplication: GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'
                dropUserIfExists: DROP USER IF EXISTS 'repl'@'%'
                logReplicaUpdatesVariable: log_slave_updates
                disableSessionBinlog: SET SESSION sql_log_bin = 0
                enableSessionBinlog: SET SESSION sql_log_bin = 1
                dumpGtidStatement: SET GLOBAL gtid_slave_pos = '0-1-100';
                freshTableStatistics: null
                bulkLoadSessionSetting: SET SESSION UNIQUE_CHECKS = 1
                """);
    }

    @Test
    void waitSucceeded_onlyForZero() {
        Dialect mysql = dialect("8.0.15");
        Dialect maria = dialect("10.11.5-MariaDB");

        assertThat(mysql.waitSucceeded(0)).isTrue();
        assertThat(mysql.waitSucceeded(1)).as("WAIT_FOR_EXECUTED_GTID_SET returns 1 on timeout").isFalse();
        assertThat(maria.waitSucceeded(0)).isTrue();
        assertThat(maria.waitSucceeded(-1)).as("MASTER_GTID_WAIT returns -1 on timeout").isFalse();
    }

    @Test
    void replicationSource_validatesAndHidesPassword() {
        assertThat(SOURCE).hasToString("ReplicationSource[repl@10.0.0.5:3306, password=****]");
        assertThat(new ReplicationSource("h", 1, "u", "p").connectRetrySeconds())
                .isEqualTo(ReplicationSource.DEFAULT_CONNECT_RETRY_SECONDS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplicationSource("h", 70000, "u", "p"))
                .hasMessage("replication source port 70000 is out of range; use 1-65535");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplicationSource("h", 3306, "u", "p", 0))
                .hasMessage("connectRetrySeconds 0 must be at least 1");
    }

    @Test
    void identityQueries_perVersion() {
        assertThat(dialect("8.0.15").showReplicaHosts()).isEqualTo("SHOW SLAVE HOSTS");
        assertThat(dialect("8.0.22").showReplicaHosts()).isEqualTo("SHOW REPLICAS");
        assertThat(dialect("8.4.0").showReplicaHosts()).isEqualTo("SHOW REPLICAS");
        assertThat(dialect("10.11.5-MariaDB").showReplicaHosts()).isEqualTo("SHOW SLAVE HOSTS");
        assertThat(dialect("8.0.15").selectServerUuid()).isEqualTo("SELECT @@GLOBAL.server_uuid");
        assertThat(dialect("10.11.5-MariaDB").selectServerUuid()).as("MariaDB has no server_uuid").isNull();
        assertThat(dialect("8.0.15").prepareFormerSourceAsReplica()).as("auto-positioning starts from gtid_executed").isEmpty();
        assertThat(dialect("10.11.5-MariaDB").prepareFormerSourceAsReplica())
                .containsExactly("SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos");
    }

    @Test
    void gtidWaitTimeout_isWholeSecondsRoundedUp_atLeastOne() {
        Dialect d = Dialect.forVersion(ServerVersion.parse("8.0.15"));
        assertThat(d.waitSeconds(java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(d.waitSeconds(java.time.Duration.ofMillis(200))).isEqualTo(1);
        assertThat(d.waitSeconds(java.time.Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(d.waitSeconds(java.time.Duration.ofSeconds(30))).isEqualTo(30);
    }
}
