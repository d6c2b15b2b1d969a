package io.cqrs.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a chaos run found: invariants, the per-cycle measurements, latency targets, staleness and totals. */
public record ChaosReport(String flavor, int sourceServerId, int replicaServerId, Duration planned, double workloadMs,
                          String loadBefore, String loadAfter, Timeline timeline, AckedWrites acked, Invariants invariants,
                          List<Measurements> measurements, Path chart) {

    /** Targets of issue #14 item 6 (ms). */
    static final double REROUTE_TARGET_MS = 1_000;
    static final double HANG_P99_TARGET_MS = 1_500;
    static final double BACK_TARGET_MS = 1_000;

    public boolean invariantsHold() {
        return invariants.allHold();
    }

    /** The latency targets each cycle missed; empty when all were met. */
    public List<String> latencyTargetMisses() {
        List<String> misses = new ArrayList<>();
        for (Measurements m : measurements) {
            if (m.hangReroute() < 0 || m.hangReroute() > REROUTE_TARGET_MS) {
                misses.add("cycle " + m.cycle() + ": first read elsewhere " + Measurements.ms(m.hangReroute()) + " after the hang (target <= 1000 ms)");
            }
            if (m.hangP99() < 0 || m.hangP99() > HANG_P99_TARGET_MS) {
                misses.add("cycle " + m.cycle() + ": read p99 during the hang " + Measurements.ms(m.hangP99()) + " (target <= 1500 ms)");
            }
            if (m.restartBack() < 0 || m.restartBack() > BACK_TARGET_MS) {
                misses.add("cycle " + m.cycle() + ": reads back on the restarted replica " + Measurements.ms(m.restartBack())
                        + " after it answered within max lag (target <= 1000 ms)");
            }
        }
        return misses;
    }

    /** Staleness of plain reads the replica served: p50, p99, max (ms). */
    double[] replicaStaleness() {
        List<Double> s = timeline.reads().stream().filter(r -> r.ok() && !r.withToken() && r.serverId() == replicaServerId)
                .map(r -> (double) acked.stalenessMs(r.value(), r.startMs())).sorted().toList();
        return new double[] {Measurements.percentile(s, 0.5), Measurements.percentile(s, 0.99), Measurements.percentile(s, 1.0)};
    }

    public String format() {
        List<Timeline.Read> reads = timeline.reads();
        Map<String, Integer> byServer = new TreeMap<>();
        for (Timeline.Read r : reads) {
            String k = (r.withToken() ? "token" : "plain") + " reads "
                    + (!r.ok() ? "failed" : r.serverId() == sourceServerId ? "on the source" : r.serverId() == replicaServerId ? "on the replica" : "on server " + r.serverId());
            byServer.merge(k, 1, Integer::sum);
        }
        long writesOk = timeline.writes().stream().filter(Timeline.Write::ok).count();
        long writesFailed = timeline.writes().size() - writesOk;
        double[] stale = replicaStaleness();
        StringBuilder b = new StringBuilder();
        b.append(String.format("chaos run, %s: %.0f s of workload (planned %d s, %d cycle(s)); %s before, %s after%n",
                flavor, workloadMs / 1000, planned.toSeconds(), measurements.size(), loadBefore, loadAfter));
        b.append("router: ").append(ChaosRouter.describe()).append('\n');
        b.append(String.format("workload: %d writers (read back with the token), %d plain readers; %d reads, %d writes (%d acknowledged, %d failed)%n",
                ChaosRun.WRITERS, ChaosRun.READERS, reads.size(), timeline.writes().size(), writesOk, writesFailed));
        byServer.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        b.append("invariants:\n");
        for (Invariants.Check c : invariants.checks()) {
            b.append("  ").append(c.line()).append('\n');
        }
        if (invariants.ackedWithoutToken() > 0) {
            b.append("  note: ").append(invariants.ackedWithoutToken()).append(" acknowledged writes had no token (not read back)\n");
        }
        b.append("measurements:\n");
        for (Measurements m : measurements) {
            b.append(m.lines().indent(2));
        }
        b.append(String.format("  staleness of plain reads on the replica: p50 %s, p99 %s, max %s%n",
                Measurements.ms(stale[0]), Measurements.ms(stale[1]), Measurements.ms(stale[2])));
        List<String> misses = latencyTargetMisses();
        b.append("latency targets (reroute <= 1 s, hang p99 <= 1.5 s, back <= 1 s): ")
                .append(misses.isEmpty() ? "MET" : "MISSED\n    " + String.join("\n    ", misses)).append('\n');
        b.append("timeline chart: ").append(chart).append('\n');
        return b.toString();
    }
}
