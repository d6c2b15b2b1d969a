package io.cqrs.routing.consistency;

import io.cqrs.routing.testing.FakeJdbc;
import io.cqrs.routing.testing.FakeJdbc.Result;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GtidWaiterTest {

    @Test
    void mysqlWait_isBoundedByTheHint_sendsWholeSecondsAndMapsZeroToApplied() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(0L));
        assertThat(GtidWaiter.forFlavor(MYSQL).await(db.connection(), "u:1", Duration.ofMillis(250))).isTrue();
        assertThat(db.executed).containsExactly("SELECT /*+ MAX_EXECUTION_TIME(250) */ WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
        assertThat(db.parameters.get(0)).containsExactly("u:1", new BigDecimal("1"));
    }

    @Test
    void mysqlWait_endedByMaxExecutionTime_isTimedOut_otherErrorsThrow() throws SQLException {
        FakeJdbc ended = new FakeJdbc((sql, p) -> {
            throw new SQLException("maximum statement execution time exceeded", "HY000", 3024);
        });
        assertThat(GtidWaiter.forFlavor(MYSQL).await(ended.connection(), "u:1", Duration.ofMillis(250))).isFalse();
        FakeJdbc other = new FakeJdbc((sql, p) -> {
            throw new SQLException("boom", "HY000", 1234);
        });
        assertThatThrownBy(() -> GtidWaiter.forFlavor(MYSQL).await(other.connection(), "u:1", Duration.ofMillis(250)))
                .hasMessage("boom");
    }

    @Test
    void mariaDbWait_sendsFractionalSeconds() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(0L));
        assertThat(GtidWaiter.forFlavor(MARIADB).await(db.connection(), "0-1-5", Duration.ofMillis(250))).isTrue();
        assertThat(db.parameters.get(0)).containsExactly("0-1-5", new BigDecimal("0.25"));
    }

    @Test
    void mysqlWait_oneMeansTimedOut() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(1L));
        assertThat(GtidWaiter.forFlavor(MYSQL).await(db.connection(), "u:1", Duration.ofMillis(250))).isFalse();
    }

    @Test
    void mariaDbWait_minusOneMeansTimedOut() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(-1L));
        assertThat(GtidWaiter.forFlavor(MARIADB).await(db.connection(), "0-1-5", Duration.ofSeconds(1))).isFalse();
        assertThat(db.executed).containsExactly("SELECT MASTER_GTID_WAIT(?, ?)");
    }

    @Test
    void nullWaitResult_isAnErrorNamingTheQuery() {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(null));
        assertThatThrownBy(() -> GtidWaiter.forFlavor(MYSQL).await(db.connection(), "u:1", Duration.ofSeconds(1)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("WAIT_FOR_EXECUTED_GTID_SET(?, ?) returned NULL for 'u:1'");
    }

    @Test
    void emptyGtids_needNoRoundTrip() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> {
            throw new AssertionError(sql);
        });
        assertThat(GtidWaiter.forFlavor(MYSQL).await(db.connection(), "", Duration.ofSeconds(1))).isTrue();
        assertThat(GtidWaiter.forFlavor(MARIADB).contains(db.connection(), " ")).isTrue();
    }

    @Test
    void mysqlContains_asksGtidSubset() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(1L));
        assertThat(GtidWaiter.forFlavor(MYSQL).contains(db.connection(), "u:1")).isTrue();
        assertThat(db.executed).containsExactly("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)");
        assertThat(db.parameters.get(0)).isEqualTo(List.of("u:1"));
    }

    @Test
    void mariaDbContains_comparesSlavePosPerDomain() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single("0-1-10,1-1-3"));
        GtidWaiter w = GtidWaiter.forFlavor(MARIADB);
        assertThat(w.contains(db.connection(), "0-1-10")).isTrue();
        assertThat(w.contains(db.connection(), "0-1-11")).isFalse();
        assertThat(w.contains(db.connection(), "2-1-1")).isFalse();
    }
}
