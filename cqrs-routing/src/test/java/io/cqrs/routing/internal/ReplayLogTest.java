package io.cqrs.routing.internal;

import io.cqrs.routing.testing.FakeJdbc;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayLogTest {

    private final FakeJdbc fake = new FakeJdbc((sql, params) -> FakeJdbc.Result.NONE);

    @Test
    void recreatedStatement_getsEveryRecordedParameterAgain() throws SQLException {
        ReplayLog log = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT ?", 0, 0, 0);
        byte[] bytes = {1, 2};
        Timestamp ts = new Timestamp(5);
        Date date = new Date(6);
        Time time = new Time(7);
        log.set(1, 42);
        log.set(2, 1_234_567_890_123L);
        log.set(3, "s");
        log.set(4, true);
        log.set(5, -1.5d);
        log.set(6, new BigDecimal("2.50"));
        log.set(7, bytes);
        log.set(8, ts);
        log.set(9, date);
        log.set(10, time);
        log.setNull(11, Types.VARCHAR);
        log.set(12, (Object) "o");
        log.set(13, (short) 3);
        log.set(14, 2.5f);
        log.set(15, (byte) 9);
        bytes[0] = 99; // the caller reuses its array: the log kept a copy

        Statement s = log.recreate(fake.connection());
        ((PreparedStatement) s).executeQuery();

        assertThat(fake.executed).containsExactly("SELECT ?");
        assertThat(fake.parameters.get(0)).hasSize(15);
        assertThat(fake.parameters.get(0).subList(0, 6)).containsExactly(42, 1_234_567_890_123L, "s", true, -1.5d, new BigDecimal("2.5"));
        assertThat(Arrays.equals((byte[]) fake.parameters.get(0).get(6), new byte[]{1, 2})).isTrue();
        assertThat(fake.parameters.get(0).subList(7, 15)).containsExactly(ts, date, time, Types.VARCHAR, "o", (short) 3, 2.5f, (byte) 9);
    }

    @Test
    void clearParameters_forgetsThem() throws SQLException {
        ReplayLog log = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT ?", 0, 0, 0);
        log.set(1, 42);
        log.clearParameters();
        log.set(2, "only");
        ((PreparedStatement) log.recreate(fake.connection())).executeQuery();
        assertThat(fake.parameters.get(0)).containsExactly("only");
    }

    @Test
    void poisoned_isNotReplayable() {
        ReplayLog log = ReplayLog.acquire(ReplayLog.STATEMENT, null, 0, 0, 0);
        assertThat(log.replayable()).isTrue();
        log.poison();
        assertThat(log.replayable()).isFalse();
    }

    @Test
    void released_isReusedEmpty_byTheSameThread() throws SQLException {
        ReplayLog first = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT 1", 0, 0, 0);
        first.set(1, 42);
        first.maxRows(3);
        first.poison();
        first.release();
        ReplayLog again = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT ?", 0, 0, 0);
        assertThat(again).isSameAs(first);
        assertThat(again.replayable()).isTrue();
        ((PreparedStatement) again.recreate(fake.connection())).executeQuery();
        assertThat(fake.executed).containsExactly("SELECT ?");
        assertThat(fake.parameters.get(0)).isEmpty();
        again.release();
    }

    @Test
    void inUse_nextStatementGetsAnotherLog() {
        ReplayLog a = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT 1", 0, 0, 0);
        ReplayLog b = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT 2", 0, 0, 0);
        assertThat(b).isNotSameAs(a);
        a.release();
        b.release();
        assertThat(ReplayLog.acquire(ReplayLog.STATEMENT, null, 0, 0, 0)).isSameAs(b);
    }

    @Test
    void releasedOnAnotherThread_staysOutOfTheCache() throws Exception {
        ReplayLog a = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT 1", 0, 0, 0);
        a.set(1, 7);
        Thread t = new Thread(a::release);
        t.start();
        t.join();
        ReplayLog b = ReplayLog.acquire(ReplayLog.PREPARED, "SELECT 2", 0, 0, 0);
        assertThat(b).isNotSameAs(a);
        b.release();
    }
}
