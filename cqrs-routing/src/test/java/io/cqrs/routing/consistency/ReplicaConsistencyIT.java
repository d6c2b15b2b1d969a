package io.cqrs.routing.consistency;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.lag.HeartbeatLagProbe;
import io.cqrs.routing.lag.HeartbeatWriter;
import io.cqrs.routing.lag.LagSample;
import io.cqrs.routing.lag.StatusLagProbe;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes, capture and waiter against real servers, with the replica's SQL thread stopped and started. */
class ReplicaConsistencyIT {

    @SandboxTest(isolated = true)
    void capturedGtid_isWaitedForAndLagShowsWhileTheSqlThreadIsStopped(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        GtidWaiter waiter = GtidWaiter.forFlavor(flavor);
        HeartbeatLagProbe heartbeat = new HeartbeatLagProbe("it.heartbeat", sandbox.source().serverId());
        try (Connection source = DriverManager.getConnection(sandbox.source().jdbcUrl() + "&trackSessionState=true", "root", "");
             Connection replica = sandbox.replica(0).connect();
             HeartbeatWriter writer = new HeartbeatWriter(sandbox.source()::connect, "it.heartbeat", Duration.ofSeconds(1), null)) {
            exec(source, "CREATE DATABASE IF NOT EXISTS it");
            exec(source, HeartbeatWriter.createTableSql("it.heartbeat"));
            exec(source, "CREATE TABLE IF NOT EXISTS it.t (id INT PRIMARY KEY)");
            writer.writeOnce();
            GtidCapture capture = GtidCapture.detect(source, flavor);
            assertThat(capture.name()).isEqualTo(flavor == ServerFlavor.MYSQL ? "mysql-session-track-gtids" : "mariadb-session-track-last-gtid");

            exec(source, "INSERT INTO it.t VALUES (1)");
            String first = capture.lastCommitted(source);
            assertThat(first).isNotEmpty();
            assertThat(waiter.await(replica, first, Duration.ofSeconds(10))).isTrue();
            assertThat(waiter.contains(replica, first)).isTrue();
            assertThat(heartbeat.probe(replica).lag()).isLessThan(Duration.ofSeconds(2));
            assertThat(new StatusLagProbe().probe(replica).replicationStopped()).isFalse();

            exec(replica, sandbox.dialect().stopSqlThread());
            exec(source, "INSERT INTO it.t VALUES (2)");
            String second = capture.lastCommitted(source);
            assertThat(second).isNotEqualTo(first).isNotEmpty();
            assertThat(waiter.contains(replica, second)).isFalse();
            long t0 = System.nanoTime();
            assertThat(waiter.await(replica, second, Duration.ofMillis(300))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("ended at the budget, not at a whole second").isLessThan(Duration.ofMillis(800));
            assertThat(new StatusLagProbe().probe(replica)).isEqualTo(LagSample.stopped());

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Duration lag;
            do {
                writer.writeOnce();
                lag = heartbeat.probe(replica).lag();
            } while (lag.compareTo(Duration.ofMillis(1_200)) <= 0 && System.nanoTime() < deadline);
            assertThat(lag).as("heartbeat lag grows while the SQL thread is stopped").isGreaterThan(Duration.ofMillis(1_200));

            exec(replica, sandbox.dialect().startSqlThread());
            assertThat(waiter.await(replica, second, Duration.ofSeconds(10))).isTrue();
            writer.writeOnce();
            String afterHeartbeat = GtidCapture.globalExecuted(flavor).lastCommitted(source);
            assertThat(waiter.await(replica, afterHeartbeat, Duration.ofSeconds(10))).isTrue();
            assertThat(heartbeat.probe(replica).lag()).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
