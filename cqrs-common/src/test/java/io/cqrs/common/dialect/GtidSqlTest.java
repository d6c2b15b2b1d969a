package io.cqrs.common.dialect;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the statements the router and the admin share, and that the dialects use the same ones. */
class GtidSqlTest {

    @Test
    void mysql() {
        GtidSql m = GtidSql.of(ServerFlavor.MYSQL);
        assertThat(m.selectReplicaApplied()).isEqualTo("SELECT @@GLOBAL.gtid_executed");
        assertThat(m.selectSourceWritten()).isEqualTo("SELECT @@GLOBAL.gtid_executed");
        assertThat(m.subsetQuery()).isEqualTo("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)");
        assertThat(m.waitQuery()).isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
        assertThat(m.waitTimedOut()).isEqualTo(1);
        assertThat(m.selectLastGtid()).isNull();
        assertThat(m.waitTimeoutWholeSeconds()).isTrue();
    }

    @Test
    void mysqlBoundedWait_hintEndsItAtTheBudget_timeoutRoundedUpToWholeSecondsNeverZero() {
        GtidSql m = GtidSql.of(ServerFlavor.MYSQL);
        assertThat(m.boundedWaitQuery(200)).isEqualTo("SELECT /*+ MAX_EXECUTION_TIME(200) */ WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
        assertThat(m.waitTimeoutSeconds(200)).isEqualByComparingTo("1");
        assertThat(m.waitTimeoutSeconds(1000)).isEqualByComparingTo("1");
        assertThat(m.waitTimeoutSeconds(1001)).isEqualByComparingTo("2");
        assertThat(m.waitTimeoutSeconds(0)).as("0 would mean no timeout").isEqualByComparingTo("1");
        assertThat(m.waitInterruptedErrorCode()).isEqualTo(3024);
    }

    @Test
    void mariaDbBoundedWait_isThePlainWaitWithFractionalSeconds() {
        GtidSql m = GtidSql.of(ServerFlavor.MARIADB);
        assertThat(m.boundedWaitQuery(200)).isEqualTo("SELECT MASTER_GTID_WAIT(?, ?)");
        assertThat(m.waitTimeoutSeconds(200)).isEqualByComparingTo("0.2");
        assertThat(m.waitInterruptedErrorCode()).isZero();
        assertThat(GtidSql.trackLastGtid().get(0)).contains("session_track_system_variables").contains("'last_gtid'");
    }

    @Test
    void mariadb() {
        GtidSql m = GtidSql.of(ServerFlavor.MARIADB);
        assertThat(m.selectReplicaApplied()).isEqualTo("SELECT @@GLOBAL.gtid_slave_pos");
        assertThat(m.selectSourceWritten()).isEqualTo("SELECT @@GLOBAL.gtid_binlog_pos");
        assertThat(m.subsetQuery()).isNull();
        assertThat(m.waitQuery()).isEqualTo("SELECT MASTER_GTID_WAIT(?, ?)");
        assertThat(m.waitTimedOut()).isEqualTo(-1);
        assertThat(m.selectLastGtid()).isEqualTo("SELECT @@last_gtid");
    }

    @Test
    void theDialectsSayTheSame() {
        Dialect mysql = Dialect.forVersion(ServerVersion.parse("8.0.15"));
        Dialect maria = Dialect.forVersion(ServerVersion.parse("10.11.5-MariaDB"));
        assertThat(mysql.waitForGtidsQuery()).isEqualTo(GtidSql.of(ServerFlavor.MYSQL).waitQuery());
        assertThat(mysql.selectExecutedGtids()).isEqualTo(GtidSql.of(ServerFlavor.MYSQL).selectSourceWritten());
        assertThat(maria.waitForGtidsQuery()).isEqualTo(GtidSql.of(ServerFlavor.MARIADB).waitQuery());
        assertThat(maria.selectSnapshotPosition()).isEqualTo(GtidSql.of(ServerFlavor.MARIADB).selectSourceWritten());
    }
}
