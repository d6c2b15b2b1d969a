package io.cqrs.bench.chaos;

import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One cycle of faults, each held for a fixed time while the workload runs, with the sandbox's own
 * process control: SIGSTOP/SIGCONT of the replica ({@link SandboxServer#pause()}), its applier
 * stopped and started (the dialect's STOP/START of the SQL thread), SIGKILL of the replica and a
 * start on the same datadir and port (then START REPLICA: the sandbox runs replicas with
 * {@code --skip-slave-start}), and SIGKILL of the source, then its start and a STOP/START REPLICA on
 * the replica (so its IO thread reconnects now rather than after its connect-retry interval).
 * Between faults the schedule waits until the router lists the replica as eligible again (an await
 * with a deadline, not a fixed sleep) and then keeps a short steady stretch.
 */
final class FaultSchedule {

    /** How long each fault is held. */
    record Holds(Duration steady, Duration hang, Duration applierStop, Duration replicaDown, Duration sourceDown) {
        /** The soak's cycle (benchmarks/chaos.sh; the cycles benchmarks/RESULTS.md reports). */
        static Holds shortForm() {
            return new Holds(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(2),
                    Duration.ofSeconds(4));
        }

        /**
         * The cycle of {@code ChaosIT} in {@code mvn verify}: every fault still outlasts what its targets measure (a
         * 3 s hang against a 1 s reroute and a 1.5 s p99; 3 s without the applier against a 1 s max lag), with 9 s
         * less holding than {@link #shortForm}.
         */
        static Holds verifyForm() {
            return new Holds(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(2),
                    Duration.ofSeconds(3));
        }
    }

    /** When each step of one cycle happened (ms on the run's timeline). */
    record Cycle(int number, double hangStart, double hangEnd, double applierStop, double applierStart, double replicaKill,
                 double replicaAnswering, double sourceKill, double sourceAnswering, double end) {
    }

    static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(60);

    private final Sandbox sandbox;
    private final RoutingDataSource ds;
    private final Timeline timeline;
    private final Holds holds;

    FaultSchedule(Sandbox sandbox, RoutingDataSource ds, Timeline timeline, Holds holds) {
        this.sandbox = sandbox;
        this.ds = ds;
        this.timeline = timeline;
        this.holds = holds;
    }

    Cycle runCycle(int n) throws Exception {
        SandboxServer replica = sandbox.replica(0);
        SandboxServer source = sandbox.source();
        String c = "#" + n + " ";
        awaitReplicaEligible(c + "before the cycle");
        hold(holds.steady());

        double hangStart = timeline.event(c + "replica SIGSTOP");
        replica.pause();
        hold(holds.hang());
        replica.resume();
        double hangEnd = timeline.event(c + "replica SIGCONT");
        awaitReplicaEligible(c + "after the hang");
        hold(holds.steady());

        double applierStop = timeline.event(c + "applier stopped");
        exec(replica, sandbox.dialect().stopSqlThread());
        hold(holds.applierStop());
        exec(replica, sandbox.dialect().startSqlThread());
        double applierStart = timeline.event(c + "applier started");
        awaitReplicaEligible(c + "after the applier restarted");
        hold(holds.steady());

        double replicaKill = timeline.event(c + "replica SIGKILL");
        replica.kill();
        hold(holds.replicaDown());
        replica.start();
        exec(replica, sandbox.dialect().startReplica());
        double replicaAnswering = timeline.event(c + "replica restarted");
        awaitReplicaEligible(c + "after the replica restarted");
        hold(holds.steady());

        double sourceKill = timeline.event(c + "source SIGKILL");
        source.kill();
        hold(holds.sourceDown());
        source.start();
        double sourceAnswering = timeline.event(c + "source restarted");
        exec(replica, sandbox.dialect().stopReplica());
        exec(replica, sandbox.dialect().startReplica());
        awaitReplicaEligible(c + "after the source restarted");
        await(c + "source breaker closed", () -> "CLOSED".equals(String.valueOf(ds.breakerStates().get("source"))));
        hold(holds.steady());
        return new Cycle(n, hangStart, hangEnd, applierStop, applierStart, replicaKill, replicaAnswering, sourceKill,
                sourceAnswering, timeline.now());
    }

    private void awaitReplicaEligible(String when) throws InterruptedException {
        await("replica-1 ELIGIBLE in ds.topology() " + when, () -> ds.topology().endpoint(Sampler.REPLICA)
                .map(EndpointState::verdict).orElse(null) == EndpointHealth.Verdict.ELIGIBLE);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + RECOVERY_DEADLINE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Holding a fault (or a steady stretch) for its planned time is the schedule itself, not a synchronization. */
    private static void hold(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static void exec(SandboxServer server, String sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
