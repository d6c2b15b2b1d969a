package io.cqrs.routing.lag;

import io.cqrs.common.GtidSet;
import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.testing.FakeJdbc;
import io.cqrs.routing.testing.FakeJdbc.Result;
import io.cqrs.routing.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LagProbesTest {

    static final String U = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void heartbeat_lagIsReplicaUtcClockMinusSourceTs_withMicroseconds() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.of(List.of("ts", "now"),
                new Object[] {"2026-01-01T12:00:00.250000", "2026-01-01T12:00:01.750123"}));
        LagSample s = new HeartbeatLagProbe("percona.heartbeat", 11).probe(db.connection());
        assertThat(s.lag()).isEqualTo(Duration.ofMillis(1500).plusNanos(123_000));
        assertThat(db.executed.get(0)).isEqualTo("SELECT ts, DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f')"
                + " FROM percona.heartbeat WHERE server_id = ?");
        assertThat(db.parameters.get(0)).containsExactly(11L);
    }

    @Test
    void heartbeat_clockSkewBetweenServersNeverGivesNegativeLag() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.of(List.of("ts", "now"),
                new Object[] {"2026-01-01 12:00:02.000000", "2026-01-01T12:00:01.000000"}));
        assertThat(new HeartbeatLagProbe("heartbeat", 1).probe(db.connection()).lag()).isZero();
    }

    @Test
    void heartbeat_missingSourceRowIsAFailureThatSaysWhatToRun() {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.of(List.of("ts", "now")));
        assertThatThrownBy(() -> new HeartbeatLagProbe("heartbeat", 7).probe(db.connection()))
                .isInstanceOf(SQLException.class)
                .hasMessage("No heartbeat row for source server_id 7 in heartbeat"
                        + " (is the HeartbeatWriter or pt-heartbeat --update running on the source?)");
    }

    @Test
    void heartbeat_rejectsTableNamesThatAreNotIdentifiers() {
        assertThatThrownBy(() -> new HeartbeatLagProbe("hb; DROP TABLE x", 1))
                .hasMessage("cqrs.lag.heartbeat-table = 'hb; DROP TABLE x' is not a table name; use table or schema.table"
                        + " (letters, digits, _ and $), e.g. cqrs.heartbeat");
    }

    @Test
    void heartbeatWriter_upsertsTheSourceRowInPtHeartbeatFormat() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.NONE);
        try (HeartbeatWriter w = new HeartbeatWriter(db::connection, "hb.heartbeat", Duration.ofMillis(100), null)) {
            w.writeOnce();
        }
        assertThat(db.executed).containsExactly("INSERT INTO hb.heartbeat (ts, server_id) VALUES"
                + " (DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f'), @@server_id)"
                + " ON DUPLICATE KEY UPDATE ts = DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f')");
        assertThat(db.isClosed()).isTrue();
        assertThat(HeartbeatWriter.createTableSql("heartbeat")).startsWith("CREATE TABLE IF NOT EXISTS heartbeat"
                + " (ts varchar(26) NOT NULL, server_id int unsigned NOT NULL PRIMARY KEY,");
    }

    static Result status(String io, String sql, Object seconds, boolean legacyNames) {
        return legacyNames
                ? Result.of(List.of("Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master"), new Object[] {io, sql, seconds})
                : Result.of(List.of("Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source"), new Object[] {io, sql, seconds});
    }

    @Test
    void status_readsSecondsBehindSource() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> status("Yes", "Yes", 3L, false));
        assertThat(new StatusLagProbe().probe(db.connection())).isEqualTo(LagSample.of(Duration.ofSeconds(3)));
    }

    @Test
    void status_fallsBackToShowSlaveStatusOnSyntaxError1064_once() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> {
            if (sql.equals("SHOW REPLICA STATUS")) {
                throw new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064);
            }
            return status("Yes", "Yes", 0L, true);
        });
        StatusLagProbe probe = new StatusLagProbe();
        assertThat(probe.probe(db.connection()).lag()).isZero();
        assertThat(probe.probe(db.connection()).lag()).isZero();
        assertThat(db.executed).containsExactly("SHOW REPLICA STATUS", "SHOW SLAVE STATUS", "SHOW SLAVE STATUS");
    }

    @Test
    void status_otherErrorsPropagate() {
        FakeJdbc db = new FakeJdbc((sql, p) -> {
            throw new SQLException("Access denied; you need REPLICATION CLIENT", "42000", 1227);
        });
        assertThatThrownBy(() -> new StatusLagProbe().probe(db.connection())).hasMessageContaining("REPLICATION CLIENT");
    }

    @Test
    void status_stoppedThreadsNullLagOrNoReplicaAreStopped() throws SQLException {
        StatusLagProbe probe = new StatusLagProbe();
        assertThat(probe.probe(new FakeJdbc((s, p) -> status("Yes", "No", null, true)).connection())).isEqualTo(LagSample.stopped());
        assertThat(probe.probe(new FakeJdbc((s, p) -> status("Connecting", "Yes", 0L, false)).connection()).replicationStopped()).isTrue();
        assertThat(probe.probe(new FakeJdbc((s, p) -> status("Yes", "Yes", null, false)).connection()).replicationStopped()).isTrue();
        assertThat(probe.probe(new FakeJdbc((s, p) -> Result.of(List.of("Slave_IO_Running"))).connection()).replicationStopped()).isTrue();
    }

    @Test
    void gtid_caughtUpReplicaHasZeroLag() throws SQLException {
        FakeJdbc replica = new FakeJdbc((sql, p) -> Result.single(U + ":1-10"));
        GtidLagProbe probe = GtidLagProbe.textual(ServerFlavor.MYSQL, () -> U + ":1-10", new MutableClock());
        assertThat(probe.probe(replica.connection()))
                .isEqualTo(new LagSample(Duration.ZERO, false, 0, GtidSet.parse(ServerFlavor.MYSQL, U + ":1-10")));
        assertThat(replica.executed).containsExactly("SELECT @@GLOBAL.gtid_executed");
    }

    @Test
    void gtid_lagIsTheAgeOfTheNewestSourcePositionTheReplicaHas() throws SQLException {
        MutableClock clock = new MutableClock();
        AtomicReference<String> source = new AtomicReference<>("0-1-10");
        AtomicReference<String> replicaPos = new AtomicReference<>("0-1-10");
        FakeJdbc replica = new FakeJdbc((sql, p) -> Result.single(replicaPos.get()));
        GtidLagProbe probe = GtidLagProbe.textual(ServerFlavor.MARIADB, source::get, clock);
        probe.probe(replica.connection());

        clock.advance(Duration.ofMillis(500));
        source.set("0-1-20");
        assertThat(probe.probe(replica.connection()))
                .isEqualTo(new LagSample(Duration.ofMillis(500), false, 10, GtidSet.parse(ServerFlavor.MARIADB, "0-1-10")));

        clock.advance(Duration.ofMillis(500));
        source.set("0-1-30");
        replicaPos.set("0-1-25");
        LagSample third = probe.probe(replica.connection());
        assertThat(third).isEqualTo(new LagSample(Duration.ofMillis(500), false, 5, GtidSet.parse(ServerFlavor.MARIADB, "0-1-25")));
        assertThat(third.applied()).as("what the replica applied, for read-your-writes").hasToString("0-1-25");
        assertThat(replica.executed).allMatch(s -> s.equals("SELECT @@GLOBAL.gtid_slave_pos"));
    }

    @Test
    void gtid_replicaWithNoneOfTheRememberedPositionsIsBehindWithUnknownLag() throws SQLException {
        MutableClock clock = new MutableClock();
        FakeJdbc replica = new FakeJdbc((sql, p) -> Result.single(U + ":1-3"));
        GtidLagProbe probe = new GtidLagProbe(ServerFlavor.MYSQL, () -> U + ":1-10", GtidComparator.textual(ServerFlavor.MYSQL), clock,
                clock::advance);
        LagSample s = probe.probe(replica.connection());
        assertThat(s.isLagKnown()).isFalse();
        assertThat(s.transactionsBehind()).isEqualTo(7);
        assertThat(s.replicationStopped()).isFalse();
        assertThat(replica.executed).as("the first probe read the replica again while it waited").hasSize(11);

        replica.executed.clear();
        assertThat(probe.probe(replica.connection()).isLagKnown()).isFalse();
        assertThat(replica.executed).as("later probes do not wait: older positions tell").hasSize(1);
    }

    @Test
    void gtid_firstProbe_aReplicaJustBehindAWrite_hasALagOfTheTimeItTookToCatchUp() throws SQLException {
        MutableClock clock = new MutableClock();
        AtomicInteger reads = new AtomicInteger();
        // the write the source reports is applied on the replica by its third read
        FakeJdbc replica = new FakeJdbc((sql, p) -> Result.single(reads.incrementAndGet() < 3 ? U + ":1-9" : U + ":1-10"));
        GtidLagProbe probe = new GtidLagProbe(ServerFlavor.MYSQL, () -> U + ":1-10", GtidComparator.textual(ServerFlavor.MYSQL), clock,
                clock::advance);
        assertThat(probe.probe(replica.connection()))
                .isEqualTo(new LagSample(Duration.ofMillis(20), false, 0, GtidSet.parse(ServerFlavor.MYSQL, U + ":1-10")));
    }
}
