package io.cqrs.routing;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.routing.micrometer.RoutingMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cqrs.routing.ItSupport.MAX_LAG;
import static io.cqrs.routing.ItSupport.PROBE_INTERVAL;
import static io.cqrs.routing.ItSupport.await;
import static io.cqrs.routing.ItSupport.exec;
import static io.cqrs.routing.ItSupport.read;
import static io.cqrs.routing.ItSupport.router;
import static io.cqrs.routing.ItSupport.serverId;
import static io.cqrs.routing.ItSupport.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Lag exclusion, breakers, source outage and the spill cap against real MySQL 8.0 and MariaDB. */
class RoutingResilienceIT {

    private static double decisions(SimpleMeterRegistry registry, String reason, String outcome) {
        return registry.find("cqrs.routing.decisions").tag("reason", reason).tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @SandboxTest(isolated = true)
    void replicationStopped_noReadGoesThereWithinTwoProbeIntervalsPastMaxLag_andReadsReturnAfterCatchUp(Sandbox sandbox)
            throws Exception {
        int replica = sandbox.replica(0).serverId();
        int source = sandbox.source().serverId();
        Recorder rec = new Recorder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RoutingDataSource ds = router(sandbox, rec, b -> { });
             Connection admin = sandbox.source().connect(); Connection replicaAdmin = sandbox.replica(0).connect()) {
            new RoutingMetrics(ds).bindTo(registry);
            exec(admin, "CREATE DATABASE IF NOT EXISTS lag_it");
            exec(admin, "CREATE TABLE IF NOT EXISTS lag_it.t (id INT PRIMARY KEY AUTO_INCREMENT, v INT)");
            sandbox.sync(Duration.ofSeconds(30));
            // before the stop, reads go to the replica (awaited, not read once: on a loaded machine a lag sample right
            // after the DDL can cross max-lag for a moment, and that read would rightly go to the source)
            await("a read served by replica-1", Duration.ofSeconds(10),
                    () -> ds.lagSnapshot().orElseThrow().isEligible("replica-1") && unchecked(() -> read(ds)) == replica);

            exec(replicaAdmin, sandbox.dialect().stopSqlThread());
            exec(admin, "INSERT INTO lag_it.t (v) VALUES (1)");
            long stopped = System.nanoTime();
            await("reads leave the lagging replica", MAX_LAG.plus(PROBE_INTERVAL.multipliedBy(2)).plusSeconds(3),
                    () -> unchecked(() -> read(ds)) == source);
            Duration tookToLeave = Duration.ofNanos(System.nanoTime() - stopped);
            // the GTID probe bounds lag from below by up to one interval; the decision follows within two
            assertThat(tookToLeave).isLessThanOrEqualTo(MAX_LAG.plus(PROBE_INTERVAL.multipliedBy(2)).plusMillis(300));
            for (int i = 0; i < 50; i++) {
                assertThat(read(ds)).as("read %d while the replica lags", i).isEqualTo(source);
            }
            assertThat(rec.count("excluded", RoutingReason.LAG_EXCLUDED)).isPositive();
            assertThat(rec.count("routed", "source", RoutingReason.FALLBACK)).isGreaterThanOrEqualTo(50);
            assertThat(decisions(registry, "lag_excluded", "excluded")).isPositive();
            assertThat(decisions(registry, "fallback", "routed")).isGreaterThanOrEqualTo(50);
            assertThat(registry.get("cqrs.routing.replica.lag.eligible").tag("endpoint", "replica-1").gauge().value()).isZero();

            exec(replicaAdmin, sandbox.dialect().startSqlThread());
            await("reads return to the replica after it caught up", Duration.ofSeconds(15),
                    () -> unchecked(() -> read(ds)) == replica);
            assertThat(registry.get("cqrs.routing.replica.lag").tag("endpoint", "replica-1").gauge().value())
                    .isLessThan(MAX_LAG.toMillis() / 1000.0);
            assertThat(rec.lagSamples).isNotEmpty();
        }
    }

    private static EndpointState state(RoutingDataSource ds, String replica) {
        return ds.topology().endpoint(replica).orElseThrow();
    }

    @SandboxTest(replicas = 2, isolated = true)
    void topology_reportsTheVerdictOfALaggingAKilledAndADrainedReplica(Sandbox sandbox) throws Exception {
        int source = sandbox.source().serverId();
        Recorder rec = new Recorder();
        // a high failure threshold: a probe that cannot connect makes the killed replica unresponsive at
        // once all the same (the threshold is for probes that fail without breaking the connection)
        try (RoutingDataSource ds = router(sandbox, rec, b -> b.lag(LagConfig.custom().interval(PROBE_INTERVAL).maxLag(MAX_LAG)
                .failureThreshold(1_000).build()));
             Connection admin = sandbox.source().connect(); Connection lagging = sandbox.replica(0).connect()) {
            exec(admin, "CREATE DATABASE IF NOT EXISTS verdict_it");
            exec(admin, "CREATE TABLE IF NOT EXISTS verdict_it.t (id INT PRIMARY KEY AUTO_INCREMENT, v INT)");
            sandbox.sync(Duration.ofSeconds(30));
            await("both replicas measured", Duration.ofSeconds(10), () -> ds.lagSnapshot().orElseThrow().isEligible("replica-1")
                    && ds.lagSnapshot().orElseThrow().isEligible("replica-2"));
            // the topology is published from the monitor's callback, a moment after its snapshot
            await("both replicas eligible in the topology", Duration.ofSeconds(10), () -> ds.topology().replicas().stream()
                    .allMatch(e -> e.verdict() == EndpointHealth.Verdict.ELIGIBLE));
            assertThat(ds.topology().replicas()).extracting(EndpointState::verdict).containsOnly(EndpointHealth.Verdict.ELIGIBLE);

            exec(lagging, sandbox.dialect().stopSqlThread());
            exec(admin, "INSERT INTO verdict_it.t (v) VALUES (1)");
            await("replica-1 lag-excluded in the topology", MAX_LAG.plus(PROBE_INTERVAL.multipliedBy(2)).plusSeconds(3),
                    () -> state(ds, "replica-1").verdict() == EndpointHealth.Verdict.LAG_EXCLUDED);
            assertThat(state(ds, "replica-1").ineligibleReason())
                    .matches("lag \\d+ms > cqrs\\.lag\\.max-lag-ms=1000 \\(when excluded; back at or below 500ms\\)|replication stopped");
            assertThat(state(ds, "replica-1").eligible()).isFalse();

            sandbox.replica(1).kill();
            // its lag probe cannot connect: unresponsive at once (before reads could open its breaker)
            await("replica-2 unresponsive in the topology", Duration.ofSeconds(30), () -> {
                assertThat(unchecked(() -> read(ds))).isEqualTo(source);
                return state(ds, "replica-2").verdict() == EndpointHealth.Verdict.UNRESPONSIVE;
            });
            assertThat(state(ds, "replica-2").ineligibleReason())
                    .startsWith("no answer to the lag probe within cqrs.lag.probe-timeout-ms=500 (");
            assertThat(ds.topology().eligibleReplicas()).isEmpty();

            ds.drainReplica("replica-1");
            assertThat(state(ds, "replica-1").verdict()).isEqualTo(EndpointHealth.Verdict.DRAINING);
            assertThat(state(ds, "replica-1").ineligibleReason()).isEqualTo("draining");
            ds.activateReplica("replica-1");
            assertThat(state(ds, "replica-1").verdict()).isEqualTo(EndpointHealth.Verdict.LAG_EXCLUDED);

            exec(lagging, sandbox.dialect().startSqlThread());
            await("replica-1 eligible again after catching up", Duration.ofSeconds(15),
                    () -> state(ds, "replica-1").verdict() == EndpointHealth.Verdict.ELIGIBLE);
            assertThat(read(ds)).isEqualTo(sandbox.replica(0).serverId());
            assertThat(state(ds, "replica-2").eligible()).isFalse();
        }
    }

    /**
     * Without the lag monitor (which takes a hung replica out at its first unanswered probe, see
     * {@link ReplicaHangIT}), the breaker is what takes it out.
     */
    @SandboxTest(isolated = true)
    void replicaPausedWithoutMonitoring_breakerOpens_unborrowedReadsNeverFail_andItReturnsThroughHalfOpen(Sandbox sandbox)
            throws Exception {
        int replica = sandbox.replica(0).serverId();
        int source = sandbox.source().serverId();
        Recorder rec = new Recorder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RoutingDataSource ds = router(sandbox, rec, b -> b.lag(LagConfig.disabled()))) {
            new RoutingMetrics(ds).bindTo(registry);
            await("replica-1 takes reads", Duration.ofSeconds(10), () -> unchecked(() -> read(ds)) == replica);
            // no pause before the SIGSTOP: HikariCP hands out a connection used in the last 500 ms without
            // validating it, so the first read hangs until socketTimeout and then moves to the source
            sandbox.replica(0).pause();
            try {
                ItSupport.awaitStopped(sandbox.replica(0)); // a thread still running could answer one more read
                long start = System.nanoTime();
                int reads = 0;
                while (ds.breakerStates().get("replica-1") != CircuitBreaker.State.OPEN
                        || System.nanoTime() - start < Duration.ofSeconds(2).toNanos()) {
                    assertThat(read(ds)).as("read %d while the replica is paused", reads).isEqualTo(source);
                    reads++;
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
                }
                assertThat(rec.breakerTransitions).contains("replica-1:CLOSED->OPEN");
                assertThat(registry.get("cqrs.routing.breaker.state").tag("endpoint", "replica-1").tag("state", "open")
                        .gauge().value()).isEqualTo(1.0);
                long t0 = System.nanoTime();
                assertThat(read(ds)).isEqualTo(source);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("an open breaker costs no borrow timeout")
                        .isLessThan(Duration.ofMillis(400));
            } finally {
                sandbox.replica(0).resume();
            }
            await("replica-1 takes reads again", Duration.ofSeconds(20), () -> unchecked(() -> read(ds)) == replica);
            await("breaker closed", Duration.ofSeconds(5),
                    () -> ds.breakerStates().get("replica-1") == CircuitBreaker.State.CLOSED);
            assertThat(rec.breakerTransitions).containsSubsequence("replica-1:CLOSED->OPEN", "replica-1:OPEN->HALF_OPEN",
                    "replica-1:HALF_OPEN->CLOSED");
        }
    }

    @SandboxTest(isolated = true)
    void sourceKilled_writesFailFastWithClearError_readsContinueOnReplica(Sandbox sandbox) throws Exception {
        int replica = sandbox.replica(0).serverId();
        Recorder rec = new Recorder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RoutingDataSource ds = router(sandbox, rec, b -> { })) {
            new RoutingMetrics(ds).bindTo(registry);
            try (Connection c = ds.getConnection()) {
                exec(c, "CREATE DATABASE IF NOT EXISTS kill_it");
            }
            await("replica-1 takes reads", Duration.ofSeconds(10), () -> unchecked(() -> read(ds)) == replica);
            sandbox.source().kill();
            await("source breaker open", Duration.ofSeconds(30), () -> {
                try (Connection c = ds.getConnection()) {
                    exec(c, "CREATE DATABASE IF NOT EXISTS kill_it2");
                    throw new AssertionError("a write succeeded on a killed source");
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).startsWith("08");
                }
                return ds.breakerStates().get("source") == CircuitBreaker.State.OPEN;
            });
            // fail fast = no connect attempt, no timeout: the median write is refused within 100 ms; every one within
            // 1 s (a connect timeout would be seconds), so that one scheduler stall on a busy 2-core machine does not
            // decide the test
            List<Duration> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                SQLException e = catchThrowableOfType(() -> {
                    try (Connection c = ds.getConnection()) {
                        exec(c, "CREATE DATABASE IF NOT EXISTS kill_it3");
                    }
                }, SQLException.class);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                writes.add(took);
                assertThat(took).as("write %d with the source breaker open", i).isLessThan(Duration.ofSeconds(1));
                assertThat((Throwable) e).isInstanceOf(NoEndpointAvailableException.class);
                assertThat(e.getSQLState()).startsWith("08");
                assertThat(e.getMessage()).startsWith("No endpoint could serve a read-write connection; tried source (source: circuit breaker OPEN")
                        .contains("cqrs.breaker.wait-in-open-ms=1000ms", "last failure: ");
                assertThat(read(ds)).as("read %d with the source down", i).isEqualTo(replica);
            }
            writes.sort(null);
            assertThat(writes.get(writes.size() / 2)).as("median refused write with the source breaker open, of %s", writes)
                    .isLessThan(Duration.ofMillis(100));
            assertThat(rec.count("rejected", "source", RoutingReason.BREAKER_OPEN)).isGreaterThanOrEqualTo(20);
            assertThat(decisions(registry, "breaker_open", "rejected")).isGreaterThanOrEqualTo(20);
        }
    }

    @SandboxTest(isolated = true)
    void everyReplicaOut_concurrentFallbackReadsOnTheSourceNeverExceedTheCap(Sandbox sandbox) throws Exception {
        int source = sandbox.source().serverId();
        Recorder rec = new Recorder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int cap = 3;
        try (RoutingDataSource ds = router(sandbox, rec, b -> b
                .lag(LagConfig.custom().interval(PROBE_INTERVAL).maxLag(MAX_LAG).probes(LagConfig.ProbeKind.STATUS).build())
                .fallback(FallbackConfig.custom().maxConcurrent(cap).mode(FallbackConfig.Mode.FAIL_FAST).maxWait(Duration.ZERO).build()));
             Connection replicaAdmin = sandbox.replica(0).connect()) {
            new RoutingMetrics(ds).bindTo(registry);
            exec(replicaAdmin, sandbox.dialect().stopSqlThread());
            await("replica-1 excluded", Duration.ofSeconds(10),
                    () -> ds.lagSnapshot().map(s -> !s.isEligible("replica-1") && s.get("replica-1").sampledAt() != null).orElse(false));
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger highWater = new AtomicInteger();
            AtomicInteger served = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            try (Connection c = ds.getConnection()) {
                                c.setReadOnly(true);
                                int id = serverId(c);               // borrowed now: counts as a source read
                                int now = concurrent.incrementAndGet();
                                highWater.accumulateAndGet(now, Math::max);
                                try {
                                    assertThat(id).isEqualTo(source);
                                    exec(c, "DO SLEEP(0.01)");
                                    served.incrementAndGet();
                                } finally {
                                    concurrent.decrementAndGet();
                                }
                            } catch (SQLException e) {
                                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08004");
                                assertThat(e.getMessage()).contains("raise cqrs.fallback.max-concurrent (now 3)");
                                rejected.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(highWater.get()).isLessThanOrEqualTo(cap).isPositive();
            assertThat(served.get() + rejected.get()).isEqualTo(200);
            assertThat(rejected.get()).isPositive();
            assertThat(ds.spillInFlight()).isZero();
            assertThat(rec.count("rejected", RoutingReason.SPILL_REJECTED)).isEqualTo(rejected.get());
            assertThat(decisions(registry, "spill_rejected", "rejected")).isEqualTo(rejected.get());
            exec(replicaAdmin, sandbox.dialect().startSqlThread());
        }
    }
}
