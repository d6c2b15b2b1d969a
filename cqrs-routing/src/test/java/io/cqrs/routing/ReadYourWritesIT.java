package io.cqrs.routing;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.routing.micrometer.RoutingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.cqrs.routing.ItSupport.await;
import static io.cqrs.routing.ItSupport.exec;
import static io.cqrs.routing.ItSupport.router;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 write-then-immediately-read iterations never read stale data, while a background writer
 * keeps the replica's applier busy: in one session, and across two DataSources that pass the
 * serialized token the way two services would in an HTTP header.
 */
class ReadYourWritesIT {

    private static final int ITERATIONS = 1_000;

    private static void schema(Sandbox sandbox) throws SQLException {
        try (Connection c = sandbox.source().connect()) {
            exec(c, "CREATE DATABASE IF NOT EXISTS ryw");
            exec(c, "CREATE TABLE IF NOT EXISTS ryw.counter (id INT PRIMARY KEY, n BIGINT NOT NULL)");
            exec(c, "CREATE TABLE IF NOT EXISTS ryw.noise (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(2000))");
            exec(c, "INSERT INTO ryw.counter VALUES (1, 0) ON DUPLICATE KEY UPDATE n = 0");
        }
        sandbox.sync(Duration.ofSeconds(30));
    }

    /** Keeps the replica's applier busy: multi-row inserts on the source in a loop. */
    private static Thread busyWriter(Sandbox sandbox, AtomicBoolean stop, AtomicLong rows) {
        Thread t = new Thread(() -> {
            StringBuilder sql = new StringBuilder("INSERT INTO ryw.noise (payload) VALUES ");
            for (int i = 0; i < 50; i++) {
                sql.append(i == 0 ? "" : ",").append("(REPEAT('x', 1000))");
            }
            try (Connection c = sandbox.source().connect()) {
                while (!stop.get()) {
                    exec(c, sql.toString());
                    rows.addAndGet(50);
                }
            } catch (SQLException e) {
                if (!stop.get()) {
                    throw new RuntimeException(e);
                }
            }
        }, "busy-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void write(RoutingDataSource ds, long n) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE ryw.counter SET n = ? WHERE id = 1")) {
            ps.setLong(1, n);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static long read(Connection c) throws SQLException {
        c.setReadOnly(true);
        try (PreparedStatement ps = c.prepareStatement("SELECT n FROM ryw.counter WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long onReplica(Recorder rec) {
        return rec.count("routed", RoutingReason.TOKEN_PINNED) + rec.count("routed", RoutingReason.TOKEN_WAITED);
    }

    @SandboxTest(isolated = true)
    void writeThenRead_inOneSession_neverStale_whileTheReplicaIsBusy(Sandbox sandbox) throws Exception {
        schema(sandbox);
        Recorder rec = new Recorder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong noise = new AtomicLong();
        try (RoutingDataSource ds = router(sandbox, rec, b -> { })) {
            new RoutingMetrics(ds).bindTo(registry);
            await("replica-1 eligible", Duration.ofSeconds(10), () -> ds.lagSnapshot().orElseThrow().isEligible("replica-1"));
            Thread writer = busyWriter(sandbox, stop, noise);
            try {
                int stale = 0;
                for (int i = 1; i <= ITERATIONS; i++) {
                    write(ds, i);
                    try (Connection c = ds.getConnection()) {
                        long n = read(c);
                        if (n != i) {
                            stale++;
                        }
                    }
                }
                assertThat(stale).as("stale reads; decisions %s", rec).isZero();
            } finally {
                stop.set(true);
                writer.join(10_000);
            }
            assertThat(noise.get()).as("background rows written").isPositive();
            assertThat(ds.currentToken()).isPresent();
            assertThat(onReplica(rec)).as("reads served by the replica; decisions %s", rec).isPositive();
            // every read was decided with a token reason, or went to the source because the replica was
            // lag-excluded meanwhile (FALLBACK) or to a lag-excluded replica known to hold the token (DEGRADED)
            assertThat(onReplica(rec) + rec.count("routed", RoutingReason.TOKEN_FALLBACK) + rec.count("routed", RoutingReason.FALLBACK)
                    + rec.count("routed", RoutingReason.DEGRADED)).as("read decisions; %s", rec).isEqualTo(ITERATIONS);
            double counted = registry.find("cqrs.routing.decisions").tag("endpoint", "replica-1").tag("outcome", "routed")
                    .counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(counted).isEqualTo(rec.count("routed", "replica-1", RoutingReason.TOKEN_PINNED)
                    + rec.count("routed", "replica-1", RoutingReason.TOKEN_WAITED));
            System.out.println("[ReadYourWritesIT] " + sandbox.flavor() + " one session: " + rec + ", noise rows " + noise.get());
        }
    }

    @SandboxTest(isolated = true)
    void writeThenRead_acrossTwoDataSources_withTheSerializedToken_neverStale(Sandbox sandbox) throws Exception {
        schema(sandbox);
        Recorder writerRec = new Recorder();
        Recorder readerRec = new Recorder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong noise = new AtomicLong();
        try (RoutingDataSource orders = router(sandbox, writerRec, b -> { });
             RoutingDataSource catalog = router(sandbox, readerRec, b -> { })) {
            await("replica-1 eligible", Duration.ofSeconds(10),
                    () -> catalog.lagSnapshot().orElseThrow().isEligible("replica-1"));
            Thread writer = busyWriter(sandbox, stop, noise);
            try {
                int stale = 0;
                for (int i = 1; i <= ITERATIONS; i++) {
                    String header;
                    try (RoutingScope request = RoutingScope.session()) {   // service A's request
                        write(orders, i);
                        header = orders.currentToken().orElseThrow().serialize();
                    }
                    assertThat(header).startsWith(sandbox.flavor() == io.cqrs.common.ServerFlavor.MYSQL ? "v1.m." : "v1.a.");
                    try (RoutingScope request = RoutingScope.readYourWrites(ConsistencyToken.parse(header));
                         Connection c = catalog.getConnection()) {              // service B, another process
                        if (read(c) != i) {
                            stale++;
                        }
                    }
                }
                assertThat(stale).as("stale reads; decisions %s", readerRec).isZero();
            } finally {
                stop.set(true);
                writer.join(10_000);
            }
            assertThat(onReplica(readerRec)).as("reads served by the replica; decisions %s", readerRec).isPositive();
            assertThat(catalog.currentToken()).as("the reader wrote nothing").isEmpty();
            System.out.println("[ReadYourWritesIT] " + sandbox.flavor() + " two DataSources: " + readerRec + ", noise rows " + noise.get());
        }
    }
}
