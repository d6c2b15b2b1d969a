package io.cqrs.routing;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.cqrs.routing.ItSupport.await;
import static io.cqrs.routing.ItSupport.awaitStopped;
import static io.cqrs.routing.ItSupport.exec;
import static io.cqrs.routing.ItSupport.read;
import static io.cqrs.routing.ItSupport.router;
import static io.cqrs.routing.ItSupport.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hung (SIGSTOPped) replica and a killed-and-restarted one, under read load, against real MySQL 8.0
 * and MariaDB: the lag monitor's probes (200 ms apart here, {@code cqrs.lag.probe-timeout-ms} 500)
 * take the replica out within a second, and a replica that answers again is back within a second,
 * its pool warmed first. Measured times are printed: the machine is shared and loaded.
 */
class ReplicaHangIT {

    /** One read of the load: when it started and ended, and who served it (-1: it failed). */
    record Read(long startNanos, long endNanos, int serverId) {
        Duration took() {
            return Duration.ofNanos(endNanos - startNanos);
        }
    }

    /** Route decisions to {@code endpoint}, with the time they were made. */
    static final class RouteTimes implements RoutingListener {
        final String endpoint;
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        final ConcurrentLinkedQueue<Long> all = new ConcurrentLinkedQueue<>();

        RouteTimes(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void onRoute(RoutingDecision d) {
            if (d.endpoint().equals(endpoint)) {
                long now = System.nanoTime();
                last.accumulateAndGet(now, Math::max);
                all.add(now);
            }
        }

        /** The last route to the endpoint in [from, to), or Long.MIN_VALUE. */
        long lastBetween(long from, long to) {
            return all.stream().filter(t -> t >= from && t < to).mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        }

        long firstAfter(long from) {
            return all.stream().filter(t -> t >= from).mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
        }
    }

    /** {@code threads} readers reading in a loop until stopped. */
    static final class Load implements AutoCloseable {
        final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final ExecutorService pool;
        final List<Future<?>> work = new ArrayList<>();

        Load(RoutingDataSource ds, int threads) {
            pool = Executors.newFixedThreadPool(threads);
            for (int i = 0; i < threads; i++) {
                work.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        int id;
                        try {
                            id = read(ds);
                        } catch (SQLException e) {
                            id = -1;
                        }
                        reads.add(new Read(t0, System.nanoTime(), id));
                    }
                    return null;
                }));
            }
        }

        List<Read> startedBetween(long from, long to) {
            return reads.stream().filter(r -> r.startNanos() >= from && r.startNanos() < to).toList();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            try {
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static Duration p99(List<Read> reads) {
        List<Duration> took = new ArrayList<>(reads.stream().map(Read::took).sorted().toList());
        return took.isEmpty() ? Duration.ZERO : took.get(Math.min(took.size() - 1, (int) Math.ceil(took.size() * 0.99) - 1));
    }

    private static EndpointHealth.Verdict verdict(RoutingDataSource ds) {
        return ds.topology().endpoint("replica-1").orElseThrow().verdict();
    }

    @SandboxTest(isolated = true)
    void replicaHung_noNewReadReachesItAfterOneSecond_readsStayFast_andItReturnsWhenItAnswers(Sandbox sandbox) throws Exception {
        int replica = sandbox.replica(0).serverId();
        int source = sandbox.source().serverId();
        RouteTimes toReplica = new RouteTimes("replica-1");
        try (RoutingDataSource ds = router(sandbox, new Recorder(), b -> b.listener(toReplica))) {
            await("replica-1 takes reads", Duration.ofSeconds(10), () -> unchecked(() -> read(ds)) == replica);
            long hung;
            long resumed;
            long unresponsiveAt;
            Load load = new Load(ds, 4);
            try (load) {
                await("the load reads replica-1", Duration.ofSeconds(5), () -> toReplica.last.get() > System.nanoTime() - 50_000_000L);
                hung = System.nanoTime();
                sandbox.replica(0).pause();
                try {
                    awaitStopped(sandbox.replica(0));
                    await("replica-1 reported unresponsive", Duration.ofSeconds(5),
                            () -> verdict(ds) == EndpointHealth.Verdict.UNRESPONSIVE);
                    unresponsiveAt = System.nanoTime();
                    Thread.sleep(Math.max(0, 5_000 - ms(System.nanoTime() - hung))); // the hang lasts 5 s: the scenario, not a wait
                } finally {
                    resumed = System.nanoTime();
                    sandbox.replica(0).resume();
                }
                await("reads back on replica-1", Duration.ofSeconds(10), () -> toReplica.last.get() > resumed);
            }
            long back = toReplica.firstAfter(resumed);
            long lastDuringHang = toReplica.lastBetween(hung, resumed);
            List<Read> duringHang = load.startedBetween(hung, resumed);
            List<Read> afterDetection = load.startedBetween(hung + 1_000_000_000L, resumed);
            Duration p99 = p99(duringHang);
            System.out.printf("[hang %s] unresponsive after %d ms; last route to the replica %s ms after the SIGSTOP;"
                            + " reads started during the hang: %d, p99 %d ms, max %d ms, failed %d; back on the replica %d ms after SIGCONT%n",
                    sandbox.flavor(), ms(unresponsiveAt - hung), lastDuringHang == Long.MIN_VALUE ? "none" : ms(lastDuringHang - hung),
                    duringHang.size(), p99.toMillis(), duringHang.stream().map(Read::took).max(Duration::compareTo).orElse(Duration.ZERO).toMillis(),
                    duringHang.stream().filter(r -> r.serverId() < 0).count(), ms(back - resumed));

            // no new read reaches the hung replica later than ~1 s after the SIGSTOP (probe every 200 ms, 500 ms to answer)
            assertThat(lastDuringHang == Long.MIN_VALUE ? 0 : ms(lastDuringHang - hung))
                    .as("ms from SIGSTOP to the last read routed to the hung replica").isLessThanOrEqualTo(1_200);
            // reads keep completing on the source
            assertThat(afterDetection).as("reads started more than 1 s into the hang").hasSizeGreaterThan(50)
                    .allSatisfy(r -> assertThat(r.serverId()).isEqualTo(source));
            assertThat(p99).as("p99 latency of reads started during the hang").isLessThanOrEqualTo(Duration.ofMillis(1_500));
            // the reads that were already waiting on it when it was found unresponsive are cut short and
            // move then, not after the replica URL's socketTimeout (2 s here)
            assertThat(duringHang.stream().map(Read::took).max(Duration::compareTo).orElse(Duration.ZERO))
                    .as("max latency of reads started during the hang").isLessThan(Duration.ofMillis(1_500));
            assertThat(duringHang).as("no read started during the hang failed").allSatisfy(r -> assertThat(r.serverId()).isPositive());
            // it answers again at once after SIGCONT, within max lag: back within ~1 s
            assertThat(ms(back - resumed)).as("ms from SIGCONT to the first read routed to the replica").isLessThanOrEqualTo(1_200);
            assertThat(verdict(ds)).isEqualTo(EndpointHealth.Verdict.ELIGIBLE);
        }
    }

    @SandboxTest(isolated = true)
    void replicaKilledAndRestarted_readsReturnWithinOneSecondOfItAnsweringWithinMaxLag(Sandbox sandbox) throws Exception {
        int replica = sandbox.replica(0).serverId();
        int source = sandbox.source().serverId();
        RouteTimes toReplica = new RouteTimes("replica-1");
        Recorder rec = new Recorder();
        try (RoutingDataSource ds = router(sandbox, rec, b -> b.listener(toReplica));
             Connection admin = sandbox.source().connect()) {
            exec(admin, "CREATE DATABASE IF NOT EXISTS restart_it");
            exec(admin, "CREATE TABLE IF NOT EXISTS restart_it.t (id INT PRIMARY KEY AUTO_INCREMENT, v INT)");
            sandbox.sync(Duration.ofSeconds(30));
            await("replica-1 takes reads", Duration.ofSeconds(10), () -> unchecked(() -> read(ds)) == replica);
            long answering;
            long within;
            try (Load load = new Load(ds, 2)) {
                sandbox.replica(0).kill();
                await("replica-1 reported unresponsive", Duration.ofSeconds(5), () -> verdict(ds) == EndpointHealth.Verdict.UNRESPONSIVE);
                // down 3 s, as a crash and restart take (the scenario, not a wait): HikariCP's connection adder backs off meanwhile
                Thread.sleep(3_000);
                exec(admin, "INSERT INTO restart_it.t (v) VALUES (1)");
                sandbox.replica(0).start(); // returns once a plain JDBC connection to it succeeded
                answering = System.nanoTime();
                try (Connection r = sandbox.replica(0).connect()) {
                    exec(r, sandbox.dialect().startReplica()); // the sandbox runs replicas with --skip-slave-start
                }
                sandbox.sync(Duration.ofSeconds(30));
                within = System.nanoTime(); // answering and caught up: within max lag from here on
                await("reads back on replica-1", Duration.ofSeconds(15), () -> toReplica.last.get() > within);
                long back = toReplica.firstAfter(within);
                List<Read> whileDown = load.startedBetween(0, answering);
                System.out.printf("[restart %s] caught up %d ms after it answered; first read on the replica %d ms after that;"
                                + " reads while it was down: %d, failed %d; breaker %s%n",
                        sandbox.flavor(), ms(within - answering), ms(back - within), whileDown.size(),
                        whileDown.stream().filter(r -> r.serverId() < 0).count(), rec.breakerTransitions);
                assertThat(ms(back - within)).as("ms from answering within max lag to the first read routed to it")
                        .isLessThanOrEqualTo(1_200);
                assertThat(whileDown).as("reads while the replica was down").allSatisfy(r -> assertThat(r.serverId()).isIn(source, replica));
            }
            // back for good: reads keep landing there, and its breaker did not open again on a cold pool
            int before = rec.breakerTransitions.size();
            for (int i = 0; i < 20; i++) {
                read(ds);
            }
            assertThat(rec.breakerTransitions.subList(before, rec.breakerTransitions.size())).noneMatch(t -> t.endsWith("->OPEN"));
            assertThat(verdict(ds)).isEqualTo(EndpointHealth.Verdict.ELIGIBLE);
            assertThat(read(ds)).isEqualTo(replica);
        }
    }
}
