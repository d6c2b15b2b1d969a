package io.cqrs.bench.chaos;

import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One chaos run on a running sandbox (a source and one replica): the workload and the sampler run
 * while fault cycles repeat until {@code duration} is used up (at least one cycle); then the
 * workload stops, the replica syncs, the invariants are checked against both servers, the
 * measurements computed and the timeline drawn to {@code chart}.
 */
public final class ChaosRun {

    /** Writer and reader threads; each pauses between operations. */
    static final int WRITERS = 2;
    static final int READERS = 4;
    static final long WRITER_PAUSE_MS = 20;
    static final long READER_PAUSE_MS = 5;

    private ChaosRun() {
    }

    /** Fault cycles of the soak's length ({@link FaultSchedule.Holds#shortForm}) until {@code duration} has passed (at least one). */
    public static ChaosReport run(Sandbox sandbox, Duration duration, Path chart) throws Exception {
        return run(sandbox, duration, chart, FaultSchedule.Holds.shortForm());
    }

    static ChaosReport run(Sandbox sandbox, Duration duration, Path chart, FaultSchedule.Holds holds) throws Exception {
        Timeline timeline = new Timeline();
        AckedWrites acked = new AckedWrites();
        List<FaultSchedule.Cycle> cycles = new ArrayList<>();
        SandboxServer source = sandbox.source();
        SandboxServer replica = sandbox.replica(0);
        try (Connection c = source.connect()) {
            Workload.createSchema(c);
        }
        sandbox.sync(Duration.ofSeconds(30));
        String load = LoadAverage.read();
        double workloadStart;
        double workloadEnd;
        try (RoutingDataSource ds = ChaosRouter.build(sandbox)) {
            awaitEligible(ds);
            FaultSchedule schedule = new FaultSchedule(sandbox, ds, timeline, holds);
            try (Sampler sampler = new Sampler(ds, replica, timeline, acked); Workload workload = new Workload(ds, timeline, acked)) {
                workloadStart = timeline.now();
                workload.start(WRITERS, READERS, WRITER_PAUSE_MS, READER_PAUSE_MS);
                long deadline = System.nanoTime() + duration.toNanos();
                int n = 1;
                do {
                    cycles.add(schedule.runCycle(n++));
                } while (System.nanoTime() < deadline);
                workloadEnd = timeline.event("workload stops");
            }
        }
        // every server runs again (each cycle ends with both up); the replica applies what the source has
        sandbox.sync(Duration.ofSeconds(60));
        Set<Long> onSource = ids(source);
        Set<Long> onReplica = ids(replica);
        Invariants invariants = Invariants.check(timeline, acked, onSource, onReplica, cycles);
        List<Measurements> measurements = cycles.stream()
                .map(c -> Measurements.of(c, timeline, replica.serverId(), ChaosRouter.MAX_LAG.toMillis())).toList();
        ChaosReport report = new ChaosReport(sandbox.flavor().displayName(), source.serverId(), replica.serverId(), duration,
                workloadEnd - workloadStart, load, LoadAverage.read(), timeline, acked, invariants, measurements, chart);
        TimelineChart.render(report, cycles, chart);
        return report;
    }

    private static void awaitEligible(RoutingDataSource ds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ds.topology().endpoint(Sampler.REPLICA).map(EndpointState::verdict).orElse(null) != EndpointHealth.Verdict.ELIGIBLE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica-1 not eligible 30 s after the router started: " + ds.topology());
            }
            Thread.sleep(20);
        }
    }

    private static Set<Long> ids(SandboxServer server) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + Workload.TABLE)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
