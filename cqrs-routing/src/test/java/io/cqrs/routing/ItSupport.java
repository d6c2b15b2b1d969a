package io.cqrs.routing;

import io.cqrs.sandbox.SandboxTools;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Builds routers over sandboxes with short, test-sized timeouts; polling with deadlines. */
final class ItSupport {

    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    static final Duration MAX_LAG = Duration.ofSeconds(1);

    private ItSupport() {
    }

    static RoutingDataSource router(Sandbox sandbox, Recorder recorder, Consumer<RoutingConfig.Builder> customizer) {
        SandboxServer source = sandbox.source();
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(source.jdbcUrl() + "&trackSessionState=true&socketTimeout=5000")
                        .username(source.user()).password(source.password()).build())
                .maximumPoolSize(8).minimumIdle(1)
                .connectionTimeout(Duration.ofMillis(500))
                .poolHikariProperty("dataSource.useLocalSessionState", "true")
                .lag(LagConfig.custom().interval(PROBE_INTERVAL).maxLag(MAX_LAG).build())
                .breaker(BreakerConfig.custom().minimumNumberOfCalls(2)
                        .slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 4)
                        .waitDurationInOpenState(Duration.ofSeconds(1)).permittedNumberOfCallsInHalfOpenState(1).build())
                .listener(recorder);
        int i = 1;
        for (SandboxServer r : sandbox.replicas()) {
            b.replica(EndpointConfig.builder("replica-" + i++).jdbcUrl(r.jdbcUrl() + "&socketTimeout=2000").build());
        }
        customizer.accept(b);
        return new RoutingDataSource(b.build());
    }

    static int serverId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The server id that served one read-only unit of work. */
    static int read(RoutingDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            return serverId(c);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Polls until the condition holds; fails with {@code what} after the deadline. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        SandboxTools.await(what, timeout, condition);
    }

    /**
     * Waits until every thread of a SIGSTOPped server is stopped: the signal is sent when
     * {@link SandboxServer#pause()} returns, but a thread running on another core stops a moment later
     * (a read may still be answered in that moment).
     */
    static void awaitStopped(SandboxServer server) throws InterruptedException {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc", Long.toString(server.pid()), "task");
        await(server.name() + " stopped (every thread in state T)", Duration.ofSeconds(5), () -> {
            try (java.util.stream.Stream<java.nio.file.Path> ts = java.nio.file.Files.list(tasks)) {
                return ts.allMatch(t -> {
                    try {
                        String stat = java.nio.file.Files.readString(t.resolve("stat"));
                        char state = stat.charAt(stat.lastIndexOf(')') + 2);
                        return state == 'T' || state == 't';
                    } catch (java.io.IOException e) {
                        return true; // the thread is gone
                    }
                });
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    static <T> T unchecked(SqlSupplier<T> s) {
        try {
            return s.get();
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }
}
