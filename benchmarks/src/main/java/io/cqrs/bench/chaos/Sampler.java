package io.cqrs.bench.chaos;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.lag.ReplicaLag;
import io.cqrs.sandbox.SandboxServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Every {@link #INTERVAL_MS} ms: the router's lag sample, verdict and breaker states
 * ({@code ds.lagSnapshot()}, {@code ds.topology()}, {@code ds.breakerStates()}), and the replica's
 * data lag measured on a direct connection of its own (MAX(id) against the acknowledged writes,
 * short timeouts so a hung replica costs one sample, not the sampler).
 */
final class Sampler implements AutoCloseable {

    static final long INTERVAL_MS = 200;
    static final String REPLICA = "replica-1";

    private final RoutingDataSource ds;
    private final SandboxServer replica;
    private final Timeline timeline;
    private final AckedWrites acked;
    private final Thread thread;
    private volatile boolean running = true;
    private Connection direct;

    Sampler(RoutingDataSource ds, SandboxServer replica, Timeline timeline, AckedWrites acked) {
        this.ds = ds;
        this.replica = replica;
        this.timeline = timeline;
        this.acked = acked;
        this.thread = Workload.daemon("chaos-sampler", this::loop);
    }

    private void loop() {
        while (running) {
            long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
            sampleOnce();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        closeDirect();
    }

    private void sampleOnce() {
        double at = timeline.now();
        long routerLag = ds.lagSnapshot().map(s -> s.get(REPLICA)).filter(ReplicaLag::isLagKnown)
                .map(l -> l.lag().toMillis()).orElse(-1L);
        String verdict = ds.topology().endpoint(REPLICA).map(EndpointState::verdict).map(Enum::name).orElse("?");
        String replicaBreaker = state(ds.breakerStates().get(REPLICA));
        String sourceBreaker = state(ds.breakerStates().get("source"));
        long maxId = replicaMaxId();
        long dataLag = maxId < 0 ? -1 : acked.stalenessMs(maxId, at);
        timeline.sample(new Timeline.Sample(at, routerLag, verdict, replicaBreaker, sourceBreaker, dataLag, maxId));
    }

    private static String state(CircuitBreaker.State s) {
        return s == null ? "?" : s.name();
    }

    /** The replica's MAX(id), or -1 when it does not answer within the sample's timeouts. */
    private long replicaMaxId() {
        try {
            if (direct == null) {
                direct = DriverManager.getConnection(replica.jdbcUrl() + "&connectTimeout=300&socketTimeout=300",
                        replica.user(), replica.password());
            }
            try (Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + Workload.TABLE)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            closeDirect();
            return -1;
        }
    }

    private void closeDirect() {
        if (direct != null) {
            try {
                direct.close();
            } catch (SQLException ignored) {
                // a dead connection
            }
            direct = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
