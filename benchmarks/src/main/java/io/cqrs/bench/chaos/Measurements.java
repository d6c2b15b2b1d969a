package io.cqrs.bench.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The numbers of one fault cycle, computed from the timeline after the run (ms; -1 when the event
 * did not happen, e.g. no read reached another endpoint):
 * <ul>
 *   <li>hang: time from the SIGSTOP to the end of the first read that started after it and was
 *       served by another endpoint; p99 and max latency of reads started during the hang (reads in
 *       flight at the SIGSTOP are reported apart); time from SIGCONT to the first replica read;</li>
 *   <li>applier stopped: time to the last read the replica served after the stop;</li>
 *   <li>replica SIGKILL: time to the first read served elsewhere; after its restart, the time from
 *       "answering and within max lag" (the later of the restart and the first sample whose
 *       independently measured data lag is ≤ max lag) to the end of its first read;</li>
 *   <li>source SIGKILL: write count, median and max time to fail while it was down.</li>
 * </ul>
 */
record Measurements(int cycle, double hangHeld, double hangReroute, double hangP99, double hangMax, int hangReads, double hangInFlightMax,
                    double hangBack, double applierLeave, double killReroute, double restartReady, double restartBack,
                    int writesWhileSourceDown, double writeFailP50, double writeFailMax) {

    static Measurements of(FaultSchedule.Cycle c, Timeline tl, int replicaServerId, long maxLagMs) {
        List<Timeline.Read> reads = new ArrayList<>(tl.reads());
        reads.sort(Comparator.comparingDouble(Timeline.Read::startMs));
        List<Timeline.Sample> samples = new ArrayList<>(tl.samples());
        samples.sort(Comparator.comparingDouble(Timeline.Sample::atMs));

        double hangReroute = firstElsewhere(reads, c.hangStart(), replicaServerId).map(r -> r.endMs() - c.hangStart()).orElse(-1.0);
        List<Double> during = reads.stream().filter(r -> r.startMs() >= c.hangStart() && r.startMs() < c.hangEnd())
                .map(Timeline.Read::latencyMs).sorted().toList();
        double inFlightMax = reads.stream().filter(r -> r.startMs() < c.hangStart() && r.endMs() > c.hangStart())
                .mapToDouble(Timeline.Read::latencyMs).max().orElse(0);
        double hangBack = firstOn(reads, c.hangEnd(), replicaServerId).map(r -> r.endMs() - c.hangEnd()).orElse(-1.0);
        double applierLeave = reads.stream().filter(r -> r.ok() && r.serverId() == replicaServerId && r.startMs() >= c.applierStop()
                        && r.startMs() < c.applierStart()).mapToDouble(r -> r.endMs() - c.applierStop()).max().orElse(0);
        double killReroute = firstElsewhere(reads, c.replicaKill(), replicaServerId).map(r -> r.endMs() - c.replicaKill()).orElse(-1.0);
        double ready = samples.stream().filter(s -> s.atMs() >= c.replicaAnswering() && s.atMs() < c.sourceKill()
                && s.dataLagMs() >= 0 && s.dataLagMs() <= maxLagMs).mapToDouble(Timeline.Sample::atMs).findFirst().orElse(-1);
        double back = -1;
        if (ready >= 0) {
            Optional<Timeline.Read> first = firstOn(reads, c.replicaAnswering(), replicaServerId);
            back = first.map(r -> Math.max(0, r.endMs() - ready)).orElse(-1.0);
        }
        List<Double> writeFails = tl.writes().stream().filter(w -> w.startMs() >= c.sourceKill() && w.startMs() < c.sourceAnswering())
                .map(w -> w.endMs() - w.startMs()).sorted().toList();
        return new Measurements(c.number(), c.hangEnd() - c.hangStart(), hangReroute, percentile(during, 0.99), percentile(during, 1.0), during.size(), inFlightMax,
                hangBack, applierLeave, killReroute, ready < 0 ? -1 : ready - c.replicaAnswering(), back, writeFails.size(),
                percentile(writeFails, 0.5), percentile(writeFails, 1.0));
    }

    private static Optional<Timeline.Read> firstElsewhere(List<Timeline.Read> sortedReads, double from, int replicaServerId) {
        return sortedReads.stream().filter(r -> r.startMs() >= from && r.ok() && r.serverId() != replicaServerId).findFirst();
    }

    private static Optional<Timeline.Read> firstOn(List<Timeline.Read> sortedReads, double from, int serverId) {
        return sortedReads.stream().filter(r -> r.startMs() >= from && r.ok() && r.serverId() == serverId).findFirst();
    }

    /** Nearest-rank percentile of sorted values; -1 for none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    String lines() {
        return String.format("""
                cycle %d
                  replica hang (SIGSTOP held %s): first read elsewhere %s after the hang; reads started during it: %d, p99 %s, max %s (in flight at the SIGSTOP: max %s); first replica read %s after SIGCONT
                  applier stopped: last replica read ended %s after the stop
                  replica SIGKILL: first read elsewhere %s after the kill; restarted replica answering and within max lag %s after its restart, first read on it %s after that
                  source SIGKILL: %d writes while down, failed in p50 %s, max %s
                """, cycle, ms(hangHeld), ms(hangReroute), hangReads, ms(hangP99), ms(hangMax), ms(hangInFlightMax), ms(hangBack),
                ms(applierLeave), ms(killReroute), ms(restartReady), ms(restartBack), writesWhileSourceDown, ms(writeFailP50), ms(writeFailMax));
    }

    static String ms(double v) {
        return v < 0 ? "n/a" : String.format("%.0f ms", v);
    }
}
