package io.cqrs.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static io.cqrs.routing.ItSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements the servers receive per routed operation, counted with the servers' own counters
 * ({@code SHOW GLOBAL STATUS}: {@code Questions}, which leaves out {@code COM_PING}, and
 * {@code Com_rollback}), net of background: the lag monitor is off, pools hold one connection
 * that is warmed up before measuring, and the cost of reading the counters (the
 * {@code SHOW GLOBAL STATUS} itself) is measured on an idle server and subtracted. Issue #14
 * items 3–5; the numbers are printed for {@code benchmarks/RESULTS.md}.
 */
class StatementCountIT {

    private static final int N = 10;
    private static final Duration TOKEN_WAIT = Duration.ofMillis(200);

    /** Counters of one server, read on a connection of their own. */
    private static final class Counters implements AutoCloseable {
        private final Connection c;
        private final double idle;

        Counters(SandboxServer server) throws SQLException {
            this.c = server.connect();
            List<Long> idleDeltas = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long before = read().get("Questions");
                idleDeltas.add(read().get("Questions") - before);
            }
            Collections.sort(idleDeltas);
            this.idle = idleDeltas.get(2); // the counter read itself (1): what a window with nothing in it shows
        }

        Map<String, Long> read() throws SQLException {
            Map<String, Long> m = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_rollback')")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    /** Net statements (and rollbacks) one server received per operation, over {@link #N} operations. */
    private record PerOp(double statements, double rollbacks) {
        @Override
        public String toString() {
            return String.format("%.2f statements (%.2f ROLLBACK)", statements, rollbacks);
        }
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    /** Runs {@code op} {@link #N} times, each in its own counter window; {@code known}: statements the test itself sent per op. */
    private static PerOp measure(Counters server, int known, Op op) throws Exception {
        double statements = 0;
        double rollbacks = 0;
        for (int i = 0; i < N; i++) {
            Map<String, Long> before = server.read();
            op.run(i);
            Map<String, Long> after = server.read();
            statements += after.get("Questions") - before.get("Questions") - server.idle - known;
            rollbacks += after.get("Com_rollback") - before.get("Com_rollback");
        }
        return new PerOp(statements / N, rollbacks / N);
    }

    /** One pooled connection per endpoint, no lag monitor (no background statements), session tracking on. */
    private static RoutingDataSource router(Sandbox sandbox, Recorder rec, String replicaUrl) {
        SandboxServer source = sandbox.source();
        return new RoutingDataSource(RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(source.jdbcUrl() + "&trackSessionState=true")
                        .username(source.user()).password(source.password()).build())
                .replica(EndpointConfig.builder("replica-1").jdbcUrl(replicaUrl).build())
                .maximumPoolSize(1).minimumIdle(1)
                .connectionTimeout(Duration.ofMillis(500))
                .poolHikariProperty("dataSource.useLocalSessionState", "true")
                .lag(LagConfig.custom().enabled(false).build())
                .consistency(ConsistencyConfig.custom().tokenWait(TOKEN_WAIT).build())
                .breaker(BreakerConfig.custom().minimumNumberOfCalls(2)
                        .slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 4)
                        .waitDurationInOpenState(Duration.ofMinutes(5)).build())
                .listener(rec)
                .build());
    }

    private static void write(RoutingDataSource ds, int i) throws SQLException {
        try (Connection c = ds.getConnection()) {
            exec(c, "INSERT INTO sc.t (v) VALUES (" + i + ")");
        }
    }

    private static void tokenRead(RoutingDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            exec(c, "SELECT COUNT(*) FROM sc.t");
        }
    }

    /** Stops or starts the replica's applier on {@code helper} (one statement, which the counts subtract). */
    private static void sqlThread(Sandbox sandbox, Connection helper, boolean start) throws SQLException {
        exec(helper, start ? sandbox.dialect().startSqlThread() : sandbox.dialect().stopSqlThread());
    }

    @SandboxTest(isolated = true)
    void statementsPerOperation_matchWhatTheApplicationSent(Sandbox sandbox) throws Exception {
        try (Connection c = sandbox.source().connect()) {
            exec(c, "CREATE DATABASE IF NOT EXISTS sc");
            exec(c, "CREATE TABLE IF NOT EXISTS sc.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        }
        sandbox.sync(Duration.ofSeconds(30));
        Recorder rec = new Recorder();
        Map<String, PerOp> source = new LinkedHashMap<>();
        Map<String, PerOp> replica = new LinkedHashMap<>();
        try (RoutingDataSource ds = router(sandbox, rec, sandbox.replica(0).jdbcUrl());
             Counters src = new Counters(sandbox.source());
             Counters rep = new Counters(sandbox.replica(0));
             Connection helper = sandbox.replica(0).connect()) {
            for (int i = 0; i < 3; i++) { // warm up: the one pooled connection of each endpoint, flavour, defaults, capture set-up
                write(ds, -1);
                tokenRead(ds);
                try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.STRONG); Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    exec(c, "SELECT 1");
                }
            }
            sandbox.sync(Duration.ofSeconds(30));

            source.put("autocommit write + capture", measure(src, 0, i -> write(ds, i)));
            source.put("explicit transaction + capture", measure(src, 0, i -> {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    exec(c, "INSERT INTO sc.t (v) VALUES (" + i + ")");
                    c.commit();
                }
            }));
            source.put("STRONG read", measure(src, 0, i -> {
                try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.STRONG); Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    exec(c, "SELECT COUNT(*) FROM sc.t");
                }
            }));
            replica.put("token read right after a write", measure(rep, 0, i -> {
                write(ds, i);
                tokenRead(ds);
            }));

            long waitedBefore = rec.count("routed", RoutingReason.TOKEN_WAITED);
            replica.put("token read, applier started during the wait", measure(rep, 2, i -> {
                sqlThread(sandbox, helper, false);
                write(ds, i);
                Executor later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
                CompletableFuture<Void> start = CompletableFuture.runAsync(() -> ItSupport.unchecked(() -> {
                    sqlThread(sandbox, helper, true);
                    return null;
                }), later);
                tokenRead(ds);
                start.get(10, TimeUnit.SECONDS);
            }));
            assertThat(rec.count("routed", RoutingReason.TOKEN_WAITED) - waitedBefore).as("served by the replica after waiting; %s", rec)
                    .isPositive();

            sqlThread(sandbox, helper, false);
            try {
                long fellBackBefore = rec.count("routed", RoutingReason.TOKEN_FALLBACK);
                long[] slowest = {0};
                replica.put("token read, applier stopped (budget runs out)", measure(rep, 0, i -> {
                    write(ds, i);
                    long t0 = System.nanoTime();
                    tokenRead(ds);
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    slowest[0] = Math.max(slowest[0], took.toMillis());
                    assertThat(took).as("bounded by the budget, not a whole second").isLessThan(TOKEN_WAIT.plusMillis(400));
                }));
                System.out.println("[StatementCountIT] " + sandbox.flavor().displayName() + " slowest token read with the applier stopped: "
                        + slowest[0] + " ms (budget " + TOKEN_WAIT.toMillis() + " ms)");
                assertThat(rec.count("routed", RoutingReason.TOKEN_FALLBACK) - fellBackBefore).isEqualTo(N);
            } finally {
                sqlThread(sandbox, helper, true);
            }

            // raw HikariCP, same URL and driver properties, same explicit transaction: what the router must not exceed
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(sandbox.source().jdbcUrl());
            hc.setUsername(sandbox.source().user());
            hc.setPassword(sandbox.source().password());
            hc.setMaximumPoolSize(1);
            hc.addDataSourceProperty("useLocalSessionState", "true");
            try (HikariDataSource raw = new HikariDataSource(hc)) {
                try (Connection c = raw.getConnection()) {
                    exec(c, "SELECT 1");
                }
                source.put("raw HikariCP explicit transaction", measure(src, 0, i -> {
                    try (Connection c = raw.getConnection()) {
                        c.setAutoCommit(false);
                        exec(c, "INSERT INTO sc.t (v) VALUES (" + i + ")");
                        c.commit();
                    }
                }));
            }
        }

        // fallback: the only replica cannot be reached (nothing listens on its port), reads go to the source
        Map<String, PerOp> fallback = new LinkedHashMap<>();
        try (RoutingDataSource ds = router(sandbox, rec, "jdbc:mysql://127.0.0.1:" + deadPort() + "/?connectTimeout=200");
             Counters src = new Counters(sandbox.source())) {
            for (int i = 0; i < 5; i++) { // warm up; the replica's breaker opens
                try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.EVENTUAL); Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    exec(c, "SELECT 1");
                }
            }
            long before = rec.count("routed", "source", RoutingReason.FALLBACK);
            fallback.put("fallback read", measure(src, 0, i -> {
                try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.EVENTUAL); Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    exec(c, "SELECT 1");
                }
            }));
            assertThat(rec.count("routed", "source", RoutingReason.FALLBACK) - before).as("%s", rec).isEqualTo(N);
        }
        source.putAll(fallback);

        System.out.println("[StatementCountIT] " + sandbox.flavor().displayName() + " source per operation: " + source);
        System.out.println("[StatementCountIT] " + sandbox.flavor().displayName() + " replica per operation: " + replica);

        assertThat(source.get("autocommit write + capture").statements()).as("the INSERT only: capture reads the OK packet").isEqualTo(1.0);
        assertThat(source.get("explicit transaction + capture").statements()).as("what raw HikariCP sends")
                .isEqualTo(source.get("raw HikariCP explicit transaction").statements());
        assertThat(source.get("explicit transaction + capture").rollbacks()).as("no ROLLBACK raw HikariCP would not send").isZero();
        assertThat(source.get("STRONG read").statements()).as("the SELECT only").isEqualTo(1.0);
        assertThat(source.get("fallback read").statements()).as("the SELECT only").isEqualTo(1.0);
        // the write of each iteration goes to the source, the replica sees the wait and the read
        assertThat(replica.get("token read right after a write").statements()).as("steady state").isLessThanOrEqualTo(2.0);
        assertThat(replica.get("token read, applier started during the wait").statements()).as("a read that has to wait")
                .isLessThanOrEqualTo(3.0);
        assertThat(replica.get("token read, applier stopped (budget runs out)").statements()).as("one wait, then the source")
                .isLessThanOrEqualTo(3.0);
    }

    @SandboxTest(isolated = true)
    void tokenRead_ofAWriteTheLagMonitorSawApplied_needsNoRoundTrip(Sandbox sandbox) throws Exception {
        try (Connection c = sandbox.source().connect()) {
            exec(c, "CREATE DATABASE IF NOT EXISTS sc");
            exec(c, "CREATE TABLE IF NOT EXISTS sc.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        }
        Recorder rec = new Recorder();
        try (RoutingDataSource ds = ItSupport.router(sandbox, rec, b -> { })) { // lag monitor on: GTID probe every 200 ms
            ItSupport.await("replica-1 eligible", Duration.ofSeconds(10), () -> ds.lagSnapshot().orElseThrow().isEligible("replica-1"));
            write(ds, 1);
            assertThat(ds.currentToken()).isPresent();
            sandbox.sync(Duration.ofSeconds(30));
            java.time.Instant applied = java.time.Instant.now();
            ItSupport.await("a lag sample taken after the replica applied the write", Duration.ofSeconds(10), () -> {
                java.time.Instant at = ds.lagSnapshot().orElseThrow().get("replica-1").sampledAt();
                return at != null && at.isAfter(applied);
            });
            tokenRead(ds);
            assertThat(rec.count("routed", "replica-1", RoutingReason.TOKEN_PINNED))
                    .as("known applied from the monitor's sample: no wait statement; %s", rec).isEqualTo(1);
            assertThat(rec.count("routed", RoutingReason.TOKEN_WAITED)).isZero();
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
