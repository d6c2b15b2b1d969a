package io.cqrs.routing;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.fallback.SpillRejectedException;
import io.cqrs.routing.lag.LagSample;
import io.cqrs.routing.micrometer.RoutingMetrics;
import io.cqrs.routing.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The wiring of lag, breakers, spill cap and tokens into routing decisions, on stub servers and a fake clock. */
class WiringTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private final Map<String, LagSample> lag = new ConcurrentHashMap<>();
    private final Recorder rec = new Recorder();
    private final MutableClock clock = new MutableClock();

    /** Lag from {@link #lag}, probed only when the test says so (the interval is an hour). */
    private LagConfig lagFromMap() {
        return LagConfig.custom().interval(Duration.ofHours(1)).maxLag(Duration.ofSeconds(5)).hysteresis(0.5)
                .customProbes(e -> List.of(c -> {
                    LagSample s = lag.get(e.name());
                    if (s == null) {
                        throw new SQLException("no sample for " + e.name(), "08S01");
                    }
                    return s;
                })).build();
    }

    private static BreakerConfig quickBreaker() {
        return BreakerConfig.custom().minimumNumberOfCalls(2).slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 2)
                .waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(1).build();
    }

    private static String read(StubCluster cluster) throws SQLException {
        try (Connection c = cluster.ds.getConnection()) {
            c.setReadOnly(true);
            return cluster.where(c);
        }
    }

    private void probe(StubCluster cluster) {
        cluster.ds.lagMonitor().orElseThrow().probeNow();
    }

    @Test
    void laggingReplica_isExcluded_readsGoToTheOtherOne_andTheSourceWhenBothLag() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2, b -> b.lag(lagFromMap()).listener(rec).clock(clock))) {
            lag.put("replica-1", LagSample.of(Duration.ofSeconds(10)));
            lag.put("replica-2", LagSample.of(Duration.ofMillis(50)));
            probe(cluster);
            for (int i = 0; i < 4; i++) {
                assertThat(read(cluster)).isEqualTo("replica-2");
            }
            assertThat(rec.count("excluded", "replica-1", RoutingReason.LAG_EXCLUDED)).isEqualTo(4);
            lag.put("replica-2", LagSample.stopped());
            probe(cluster);
            assertThat(read(cluster)).isEqualTo("source");
            assertThat(rec.count("routed", "source", RoutingReason.FALLBACK)).isEqualTo(1);
            lag.put("replica-1", LagSample.of(Duration.ofSeconds(3)));   // below max, above the hysteresis line
            probe(cluster);
            assertThat(read(cluster)).isEqualTo("source");
            lag.put("replica-1", LagSample.of(Duration.ofMillis(2_500)));
            probe(cluster);
            assertThat(read(cluster)).isEqualTo("replica-1");
        }
    }

    @Test
    void replicaThatStartsLaggingAfterReadsWhileAllWereFresh_isExcludedFromTheNextSnapshotOn() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2, b -> b.lag(lagFromMap()).listener(rec).clock(clock))) {
            lag.put("replica-1", LagSample.of(Duration.ofMillis(10)));
            lag.put("replica-2", LagSample.of(Duration.ofMillis(10)));
            probe(cluster);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < 4; i++) {
                seen.add(read(cluster)); // every replica passes: the router skips the per-replica lag check
            }
            assertThat(seen).containsExactlyInAnyOrder("replica-1", "replica-2");
            lag.put("replica-1", LagSample.of(Duration.ofSeconds(30)));
            probe(cluster);
            for (int i = 0; i < 4; i++) {
                assertThat(read(cluster)).isEqualTo("replica-2");
            }
            assertThat(rec.count("excluded", "replica-1", RoutingReason.LAG_EXCLUDED)).isEqualTo(4);
            lag.put("replica-1", LagSample.of(Duration.ofMillis(10)));
            probe(cluster);
            seen.clear();
            for (int i = 0; i < 4; i++) {
                seen.add(read(cluster));
            }
            assertThat(seen).containsExactlyInAnyOrder("replica-1", "replica-2");
        }
    }

    @Test
    void boundedStaleness_usesTheCallersBudget_elseTheSource() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2, b -> b.lag(lagFromMap()).listener(rec).clock(clock))) {
            lag.put("replica-1", LagSample.of(Duration.ofMillis(800)));
            lag.put("replica-2", LagSample.of(Duration.ofMillis(50)));
            probe(cluster);
            for (int i = 0; i < 3; i++) {
                try (Connection c = cluster.ds.getConnection(ConsistencyLevel.BOUNDED_STALENESS, Duration.ofMillis(100))) {
                    assertThat(cluster.where(c)).isEqualTo("replica-2");
                }
            }
            try (RoutingScope s = RoutingScope.maxLag(Duration.ofMillis(10)); Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(cluster.where(c)).isEqualTo("source");
            }
            try (RoutingScope s = RoutingScope.maxLag(Duration.ofSeconds(1)); Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(cluster.where(c)).startsWith("replica-");
            }
        }
    }

    @Test
    void lowestLagSelector_picksTheFreshestReplica() throws SQLException {
        try (StubCluster cluster = StubCluster.start(3, b -> b.lag(lagFromMap()).selector(ReplicaSelector.lowestLag()))) {
            lag.put("replica-1", LagSample.of(Duration.ofMillis(900)));
            lag.put("replica-2", LagSample.of(Duration.ofMillis(20)));
            lag.put("replica-3", LagSample.of(Duration.ofMillis(300)));
            probe(cluster);
            for (int i = 0; i < 5; i++) {
                assertThat(read(cluster)).isEqualTo("replica-2");
            }
        }
    }

    @Test
    void topology_reportsEachReplicasRoutingVerdictWithItsReason() throws SQLException {
        try (StubCluster cluster = StubCluster.start(3, b -> b.lag(lagFromMap()).breaker(quickBreaker()).clock(clock))) {
            lag.put("replica-1", LagSample.of(Duration.ofSeconds(10)));
            lag.put("replica-2", LagSample.of(Duration.ZERO));
            lag.put("replica-3", LagSample.of(Duration.ZERO));
            probe(cluster);
            cluster.replica(2).refuse(true);
            for (int i = 0; i < 4; i++) {
                read(cluster);                                   // replica-2 refuses twice: its breaker opens
            }
            cluster.ds.drainReplica("replica-3");
            TopologySnapshot t = cluster.ds.topology();
            EndpointState r1 = t.endpoint("replica-1").orElseThrow();
            EndpointState r2 = t.endpoint("replica-2").orElseThrow();
            EndpointState r3 = t.endpoint("replica-3").orElseThrow();
            assertThat(r1.verdict()).isEqualTo(EndpointHealth.Verdict.LAG_EXCLUDED);
            assertThat(r1.ineligibleReason()).isEqualTo("lag 10000ms > cqrs.lag.max-lag-ms=5000 (when excluded; back at or below 2500ms)");
            assertThat(r2.verdict()).isEqualTo(EndpointHealth.Verdict.BREAKER_OPEN);
            assertThat(r2.ineligibleReason()).isEqualTo("circuit breaker OPEN (retried after cqrs.breaker.wait-in-open-ms=10000ms)");
            assertThat(r3.verdict()).isEqualTo(EndpointHealth.Verdict.DRAINING);
            assertThat(r3.ineligibleReason()).isEqualTo("draining");
            assertThat(t.eligibleReplicas()).isEmpty();
            assertThat(t.source().verdict()).isEqualTo(EndpointHealth.Verdict.ELIGIBLE);

            lag.put("replica-1", LagSample.of(Duration.ofMillis(100)));
            probe(cluster);
            cluster.replica(2).refuse(false);
            clock.advance(Duration.ofSeconds(11));
            cluster.ds.activateReplica("replica-3");
            // the half-open trial closes replica-2's breaker; HikariCP may still be backing off (real time) from the
            // refused connects, so give it further half-open windows, bounded in real time (issue #14 item 2)
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            do {
                for (int i = 0; i < 3; i++) {
                    read(cluster);
                }
                if (cluster.ds.topology().replicas().stream().allMatch(e -> e.verdict() == EndpointHealth.Verdict.ELIGIBLE)) {
                    break;
                }
                clock.advance(Duration.ofSeconds(11));
                probe(cluster);                                  // fresh lag samples at the new time
            } while (System.nanoTime() < deadline);
            assertThat(cluster.ds.topology().replicas()).extracting(EndpointState::verdict)
                    .containsOnly(EndpointHealth.Verdict.ELIGIBLE);
            assertThat(cluster.ds.topology().version()).isGreaterThan(t.version());
        }
    }

    @Test
    void replicaBreakerOpens_afterBorrowFailures_thenSkippedWithoutABorrow_andHalfOpenTrialClosesIt() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1, b -> b.breaker(quickBreaker()).listener(rec).clock(clock))) {
            cluster.replica(1).refuse(true);
            assertThat(read(cluster)).isEqualTo("source");
            assertThat(read(cluster)).isEqualTo("source");
            assertThat(cluster.ds.breakerStates().get("replica-1")).isEqualTo(CircuitBreaker.State.OPEN);
            int opened = cluster.replica(1).connectionsOpened();
            long t0 = System.nanoTime();
            assertThat(read(cluster)).isEqualTo("source");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
            assertThat(rec.count("excluded", "replica-1", RoutingReason.BREAKER_OPEN)).isEqualTo(1);
            cluster.replica(1).refuse(false);
            assertThat(read(cluster)).as("still open: the wait is on the fake clock").isEqualTo("source");
            // HikariCP may still be backing off (real time) from the refused connects when the fake clock lets the
            // half-open trial through; then the trial fails and the breaker opens again (issue #14: re-admission over
            // a cold pool). Give it further half-open windows, bounded in real time.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String served;
            do {
                clock.advance(Duration.ofSeconds(11));
                served = read(cluster);
            } while (!"replica-1".equals(served) && System.nanoTime() < deadline);
            assertThat(served).isEqualTo("replica-1");
            assertThat(cluster.ds.breakerStates().get("replica-1")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(rec.breakerTransitions).startsWith("replica-1:CLOSED->OPEN", "replica-1:OPEN->HALF_OPEN")
                    .endsWith("replica-1:OPEN->HALF_OPEN", "replica-1:HALF_OPEN->CLOSED");
            assertThat(cluster.replica(1).connectionsOpened()).isGreaterThanOrEqualTo(opened);
        }
    }

    @Test
    void connectionFailureOfAStatement_feedsTheBreaker() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1, b -> b.breaker(quickBreaker()).clock(clock))) {
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                cluster.where(c);                                    // borrow: a success
                cluster.replica(1).kill();
                assertThat(catchThrowableOfType(() -> cluster.where(c), SQLException.class).getSQLState()).isEqualTo("08S01");
            }
            assertThat(cluster.ds.breakerStates().get("replica-1")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(read(cluster)).isEqualTo("source");
        }
    }

    @Test
    void sourceBreakerOpen_writesFailFastWithTheStateInTheMessage() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1, b -> b.breaker(quickBreaker()).listener(rec).clock(clock))) {
            cluster.source.refuse(true);
            for (int i = 0; i < 2; i++) {
                try (Connection c = cluster.ds.getConnection()) {
                    catchThrowableOfType(() -> cluster.where(c), SQLException.class);
                }
            }
            long t0 = System.nanoTime();
            NoEndpointAvailableException e;
            try (Connection c = cluster.ds.getConnection()) {
                e = catchThrowableOfType(() -> cluster.where(c), NoEndpointAvailableException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(100));
            assertThat(e.getSQLState()).isEqualTo("08S01");
            assertThat(e.getMessage()).startsWith("No endpoint could serve a read-write connection; tried source (source:"
                    + " circuit breaker OPEN (retried after cqrs.breaker.wait-in-open-ms=10000ms); last failure: cqrs-source -"
                    + " Connection is not available, request timed out after ")
                    .endsWith("; cause: Connection refused: stub server '" + cluster.id + "-source' is down [08S01])");
            assertThat(rec.count("rejected", "source", RoutingReason.BREAKER_OPEN)).isEqualTo(1);
            assertThat(read(cluster)).as("reads keep working on the replica").isEqualTo("replica-1");
        }
    }

    @Test
    void spillCap_rejectsFallbackReadsBeyondIt_andReleasesExactlyOnceWhenTheConnectionReturns() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1, b -> b.fallback(FallbackConfig.custom().maxConcurrent(1).maxWait(Duration.ZERO).build())
                .listener(rec))) {
            cluster.ds.drainReplica("replica-1");
            Connection held = cluster.ds.getConnection();
            held.setReadOnly(true);
            assertThat(cluster.where(held)).isEqualTo("source");
            assertThat(cluster.ds.spillInFlight()).isEqualTo(1);
            SpillRejectedException e = catchThrowableOfType(() -> read(cluster), SpillRejectedException.class);
            assertThat(e.getSQLState()).isEqualTo("08004");
            assertThat(e.getMessage()).startsWith("No replica is eligible and the source already serves 1 of 1 allowed fallback reads")
                    .contains("raise cqrs.fallback.max-concurrent (now 1)");
            assertThat(rec.count("rejected", "source", RoutingReason.SPILL_REJECTED)).isEqualTo(1);
            held.setReadOnly(false);                 // between transactions: stays on the source, same permit
            cluster.where(held);
            assertThat(cluster.ds.spillInFlight()).isEqualTo(1);
            held.close();
            held.close();
            assertThat(cluster.ds.spillInFlight()).isZero();
            assertThat(read(cluster)).isEqualTo("source");
            assertThat(cluster.ds.spillInFlight()).isZero();
            try (Connection w = cluster.ds.getConnection()) {
                cluster.where(w);                    // writes never take a permit
                assertThat(cluster.ds.spillInFlight()).isZero();
            }
        }
    }

    @Test
    void spillWaitMode_waitsForAPermit() throws Exception {
        try (StubCluster cluster = StubCluster.start(1, b -> b.fallback(FallbackConfig.custom().maxConcurrent(1).mode(FallbackConfig.Mode.WAIT).maxWait(Duration.ofSeconds(5)).build()))) {
            cluster.ds.drainReplica("replica-1");
            Connection held = cluster.ds.getConnection();
            held.setReadOnly(true);
            cluster.where(held);
            Thread reader = Thread.currentThread();
            Thread t = new Thread(() -> {
                try {
                    // release the only permit once the reader is parked waiting for it
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (reader.getState() != Thread.State.TIMED_WAITING && reader.getState() != Thread.State.WAITING
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    held.close();
                } catch (Exception ignored) {
                    // test thread
                }
            });
            t.setDaemon(true);
            t.start();
            assertThat(read(cluster)).isEqualTo("source");
            t.join();
        }
    }

    private StubCluster tokenCluster(int replicas, java.util.function.Consumer<RoutingConfig.Builder> more) {
        StubCluster cluster = StubCluster.start(replicas, b -> {
            b.consistency(ConsistencyConfig.custom().tokenWait(Duration.ofMillis(50)).build()).listener(rec);
            more.accept(b);
        });
        cluster.source.answer("SELECT VERSION()", () -> "8.0.15");
        cluster.source.answer("SELECT @@GLOBAL.gtid_executed", () -> UUID + ":1-7");
        return cluster;
    }

    @Test
    void threadSessions_ofTwoDataSourcesOnOneThread_stayApart_alsoAfterTheFirstIsClosed() throws Exception {
        // on a fresh thread, so that the first DataSource here is the one that claims the thread's context
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                twoDataSourcesOnThisThread();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        twoDataSourcesOnThisThread(); // and on a thread whose context an earlier test's DataSource holds
    }

    private void twoDataSourcesOnThisThread() throws SQLException {
        String other = "3E11FA47-71CA-11E1-9E33-C80AA9429562".toLowerCase();
        try (StubCluster a = tokenCluster(1, b -> { });
             StubCluster b = tokenCluster(1, x -> { })) {
            b.source.answer("SELECT @@GLOBAL.gtid_executed", () -> other + ":1-3");
            for (StubCluster c : List.of(a, b)) {
                c.ds.clearToken();
            }
            write(a);
            assertThat(a.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, UUID + ":1-7"));
            assertThat(b.ds.currentToken()).isEmpty();
            write(b);
            assertThat(b.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, other + ":1-3"));
            assertThat(a.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, UUID + ":1-7"));
            a.ds.clearToken();
            assertThat(a.ds.currentToken()).isEmpty();
            assertThat(b.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, other + ":1-3"));
            a.close();
            try (StubCluster c = tokenCluster(1, x -> { })) {
                // a third DataSource on the same thread starts with an empty session of its own
                assertThat(c.ds.currentToken()).isEmpty();
                write(c);
                assertThat(c.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, UUID + ":1-7"));
                assertThat(b.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, other + ":1-3"));
            }
        }
    }

    private static void write(StubCluster cluster) throws SQLException {
        try (Connection c = cluster.ds.getConnection()) {
            c.createStatement().executeUpdate("UPDATE t SET n = 1");
        }
    }

    @Test
    void write_capturesAToken_nextReadGoesToAReplicaThatHasIt_thenPinnedWithoutARoundTrip() throws SQLException {
        try (StubCluster cluster = tokenCluster(1, b -> { })) {
            cluster.replica(1).answer("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", () -> 0);
            cluster.ds.clearToken();
            try (Connection c = cluster.ds.getConnection()) {
                c.createStatement().executeUpdate("UPDATE t SET n = 1");
            }
            assertThat(cluster.ds.currentToken()).contains(ConsistencyToken.of(ServerFlavor.MYSQL, UUID + ":1-7"));
            assertThat(read(cluster)).isEqualTo("replica-1");
            assertThat(read(cluster)).isEqualTo("replica-1");
            assertThat(cluster.replica(1).executions("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")).as("one statement checks and waits").isEqualTo(1);
            assertThat(cluster.replica(1).executions("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)")).as("no separate check").isZero();
            assertThat(rec.count("routed", "replica-1", RoutingReason.TOKEN_WAITED)).isEqualTo(1);
            assertThat(rec.count("routed", "replica-1", RoutingReason.TOKEN_PINNED)).isEqualTo(1);
            cluster.ds.clearToken();
            assertThat(cluster.ds.currentToken()).isEmpty();
        }
    }

    @Test
    void tokenNotAppliedWithinTheBudget_readGoesToTheSource_tokenFallback() throws SQLException {
        try (StubCluster cluster = tokenCluster(1, b -> { })) {
            cluster.replica(1).answer("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", () -> 1);
            ConsistencyToken token = ConsistencyToken.of(ServerFlavor.MYSQL, UUID + ":1-9");
            try (RoutingScope s = RoutingScope.readYourWrites(ConsistencyToken.parse(token.serialize()));
                 Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(cluster.where(c)).isEqualTo("source");
            }
            assertThat(rec.count("routed", "source", RoutingReason.TOKEN_FALLBACK)).isEqualTo(1);
            cluster.replica(1).answer("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", () -> 0);
            try (Connection c = cluster.ds.getConnection(token)) {
                assertThat(cluster.where(c)).isEqualTo("replica-1");
            }
            assertThat(rec.count("routed", "replica-1", RoutingReason.TOKEN_WAITED)).isEqualTo(1);
            try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.EVENTUAL); Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(cluster.where(c)).as("an explicit EVENTUAL scope ignores the thread's token").isEqualTo("replica-1");
            }
        }
    }

    @Test
    void everyReason_isCountedThroughTheListenerAndMicrometer() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StubCluster cluster = StubCluster.start(2, b -> b.lag(lagFromMap()).breaker(quickBreaker()).clock(clock)
                .fallback(FallbackConfig.custom().maxConcurrent(1).maxWait(Duration.ZERO).build()).listener(rec))) {
            new RoutingMetrics(cluster.ds).bindTo(registry);
            lag.put("replica-1", LagSample.of(Duration.ZERO));
            lag.put("replica-2", LagSample.of(Duration.ofSeconds(30)));
            probe(cluster);
            read(cluster);                                                   // READ_ONLY (+ LAG_EXCLUDED replica-2)
            try (Connection c = cluster.ds.getConnection()) {
                cluster.where(c);                                            // READ_WRITE
            }
            try (Connection c = cluster.ds.getConnection(ConsistencyLevel.STRONG)) {
                cluster.where(c);                                            // FORCED_SOURCE
            }
            try (Connection c = cluster.ds.getConnection(Route.REPLICA)) {
                cluster.where(c);                                            // FORCED_REPLICA
            }
            cluster.replica(1).kill();
            read(cluster);                                                   // first statement fails, read moves: FALLBACK
            read(cluster);                                                   // breaker opens
            Connection held = cluster.ds.getConnection();
            held.setReadOnly(true);
            cluster.where(held);                                             // FALLBACK holding the one permit
            catchThrowableOfType(() -> read(cluster), SpillRejectedException.class); // SPILL_REJECTED (+ BREAKER_OPEN)
            held.close();
            for (RoutingReason r : List.of(RoutingReason.READ_ONLY, RoutingReason.READ_WRITE, RoutingReason.FORCED_SOURCE,
                    RoutingReason.FORCED_REPLICA, RoutingReason.FALLBACK)) {
                assertThat(rec.count("routed", r)).as(r.name()).isPositive();
                assertThat(registry.find("cqrs.routing.decisions").tag("reason", r.name().toLowerCase()).tag("outcome", "routed")
                        .counters()).as(r.name()).isNotEmpty();
            }
            assertThat(rec.count("excluded", RoutingReason.LAG_EXCLUDED)).isPositive();
            assertThat(rec.count("excluded", RoutingReason.BREAKER_OPEN)).as(rec.toString()).isPositive();
            assertThat(rec.count("rejected", RoutingReason.SPILL_REJECTED)).isEqualTo(1);
            assertThat(registry.get("cqrs.routing.decisions").tag("endpoint", "replica-2").tag("reason", "lag_excluded")
                    .counter().count()).isEqualTo(rec.count("excluded", "replica-2", RoutingReason.LAG_EXCLUDED));
            assertThat(registry.get("cqrs.routing.decisions").tag("reason", "spill_rejected").counter().count()).isEqualTo(1);
            assertThat(registry.get("cqrs.routing.breaker.state").tag("endpoint", "replica-1").tag("state", "open").gauge().value())
                    .isEqualTo(1);
            assertThat(registry.get("cqrs.routing.replica.lag").tag("endpoint", "replica-2").gauge().value()).isEqualTo(30.0);
            assertThat(registry.get("cqrs.routing.replica.lag.eligible").tag("endpoint", "replica-2").gauge().value()).isZero();
        }
    }
}
