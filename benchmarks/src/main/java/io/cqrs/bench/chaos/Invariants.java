package io.cqrs.bench.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The four invariants of a chaos run, each with its count and the first few offending records:
 * <ol>
 *   <li>no acknowledged write lost: every acked id is on the source after the run (the source is
 *       started again after its SIGKILL; the sandbox commits with innodb_flush_log_at_trx_commit=2
 *       and sync_binlog=0, which a process crash does not lose) and on the replica once it has
 *       synced;</li>
 *   <li>no read-your-writes miss: every successful token read saw its own row;</li>
 *   <li>no failed read while a healthy endpoint exists: one replica and the source, never both out,
 *       so a plain read never fails; a token read may fail only if the source was down at some moment
 *       of it (it may have started just before the SIGKILL) and the replica had not yet applied the
 *       write (per the sampler's last MAX(id) before the read ended:
 *       then no server could serve it);</li>
 *   <li>writes fail fast once the source is gone: no write started while the source was down is
 *       acknowledged, and each ends within {@link #WRITE_FAIL_FAST_MS}.</li>
 * </ol>
 */
record Invariants(Check lostWrites, Check rywMisses, Check failedReads, Check slowWriteFailures, int ackedWithoutToken) {

    static final long WRITE_FAIL_FAST_MS = 1_000;

    record Check(String name, long violations, long checked, List<String> examples) {
        boolean holds() {
            return violations == 0;
        }

        String line() {
            return String.format("%-42s %s  (%d violations of %d checked)%s", name, holds() ? "HOLDS" : "VIOLATED", violations, checked,
                    examples.isEmpty() ? "" : "\n      e.g. " + String.join("\n      e.g. ", examples));
        }
    }

    boolean allHold() {
        return lostWrites.holds() && rywMisses.holds() && failedReads.holds() && slowWriteFailures.holds();
    }

    List<Check> checks() {
        return List.of(lostWrites, rywMisses, failedReads, slowWriteFailures);
    }

    static Invariants check(Timeline tl, AckedWrites acked, Set<Long> onSource, Set<Long> onReplica,
                            List<FaultSchedule.Cycle> cycles) {
        List<String> lost = new ArrayList<>();
        long lostCount = 0;
        for (long id : acked.ids()) {
            if (!onSource.contains(id) || !onReplica.contains(id)) {
                lostCount++;
                if (lost.size() < 5) {
                    lost.add("id " + id + (onSource.contains(id) ? "" : " missing on the source") + (onReplica.contains(id) ? "" : " missing on the replica"));
                }
            }
        }
        List<Timeline.Read> reads = tl.reads();
        List<Timeline.Sample> samples = tl.samples();
        samples.sort(Comparator.comparingDouble(Timeline.Sample::atMs));
        List<String> misses = new ArrayList<>();
        long missCount = 0;
        long tokenReads = 0;
        List<String> failed = new ArrayList<>();
        long failedCount = 0;
        for (Timeline.Read r : reads) {
            if (r.withToken() && r.ok()) {
                tokenReads++;
                if (r.value() < 0) {
                    missCount++;
                    if (misses.size() < 5) {
                        misses.add(String.format("id %d read at %.0f ms on server %d without its row", -r.value(), r.startMs(), r.serverId()));
                    }
                }
            }
            if (!r.ok() && !excused(r, samples, cycles)) {
                failedCount++;
                if (failed.size() < 5) {
                    failed.add(String.format("%s read at %.0f-%.0f ms: %s", r.withToken() ? "token" : "plain", r.startMs(), r.endMs(), r.error()));
                }
            }
        }
        List<String> slow = new ArrayList<>();
        long slowCount = 0;
        long writesWhileDown = 0;
        for (Timeline.Write w : tl.writes()) {
            if (!sourceDown(w.startMs(), cycles)) {
                continue;
            }
            writesWhileDown++;
            if (w.ok() || w.endMs() - w.startMs() > WRITE_FAIL_FAST_MS) {
                slowCount++;
                if (slow.size() < 5) {
                    slow.add(String.format("write at %.0f ms %s after %.0f ms", w.startMs(), w.ok() ? "ACKNOWLEDGED" : "failed",
                            w.endMs() - w.startMs()));
                }
            }
        }
        int noToken = (int) tl.writes().stream().filter(w -> w.ok() && w.token() == null).count();
        return new Invariants(
                new Check("0 acknowledged writes lost", lostCount, acked.size(), lost),
                new Check("0 read-your-writes misses", missCount, tokenReads, misses),
                new Check("0 failed reads while a healthy endpoint exists", failedCount, reads.size(), failed),
                new Check("writes fail within " + WRITE_FAIL_FAST_MS + " ms once the source is gone", slowCount, writesWhileDown, slow),
                noToken);
    }

    /**
     * The source was down at some moment of {@code [fromMs, toMs]}: a read that started just before its SIGKILL tries
     * the replica first (the token wait) and then finds the source gone.
     */
    static boolean sourceDownDuring(double fromMs, double toMs, List<FaultSchedule.Cycle> cycles) {
        return cycles.stream().anyMatch(c -> toMs >= c.sourceKill() && fromMs < c.sourceAnswering());
    }

    static boolean sourceDown(double atMs, List<FaultSchedule.Cycle> cycles) {
        return cycles.stream().anyMatch(c -> atMs >= c.sourceKill() && atMs < c.sourceAnswering());
    }

    /** A token read that failed while the source was down and the replica did not yet show its row. */
    private static boolean excused(Timeline.Read r, List<Timeline.Sample> samples, List<FaultSchedule.Cycle> cycles) {
        if (!r.withToken() || !sourceDownDuring(r.startMs(), r.endMs(), cycles)) {
            return false;
        }
        long replicaMax = -1;
        for (Timeline.Sample s : samples) {
            if (s.atMs() > r.endMs()) {
                break;
            }
            if (s.replicaMaxId() >= 0) {
                replicaMax = s.replicaMaxId();
            }
        }
        return replicaMax < r.value();
    }
}
