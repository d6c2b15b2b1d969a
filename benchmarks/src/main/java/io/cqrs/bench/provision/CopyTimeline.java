package io.cqrs.bench.provision;

import io.cqrs.sandbox.SandboxServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the target did during one copy, in slices of {@link #SLICE_MS} ms (issue #18: "a run shows
 * where the time goes"): the CPU share of the source's and the target's server process and of this
 * JVM (100 % = one core), and from the target's {@code PROCESSLIST}, sampled every {@link #SAMPLE_MS} ms,
 * how many {@code LOAD DATA} and {@code ALTER TABLE} statements were in progress, and at the end how often
 * each statement was seen in each state (e.g. waiting for a metadata lock). Linux
 * only ({@code /proc}). Printed by {@code ProvisionBench --timeline} for its first method.
 */
final class CopyTimeline implements AutoCloseable {

    static final int SAMPLE_MS = 50;
    static final int SLICE_MS = 500;

    private record Sample(long atNanos, long sourceTicks, long targetTicks, long selfTicks, int loads, int alters) {
    }

    private final long sourcePid;
    private final long targetPid;
    private final Connection conn;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private final long start = System.nanoTime();
    private volatile boolean stop;
    /** How often each statement (first 5 letters) was seen in each PROCESSLIST state: where loads wait. */
    private final Map<String, Integer> states = new ConcurrentHashMap<>();

    CopyTimeline(SandboxServer source, SandboxServer target) throws SQLException {
        this.sourcePid = source.pid();
        this.targetPid = target.pid();
        this.conn = target.connect();
        this.sampler = new Thread(this::sampleUntilClosed, "copy-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilClosed() {
        try (Statement st = conn.createStatement()) {
            while (!stop) {
                int loads = 0;
                int alters = 0;
                try (ResultSet rs = st.executeQuery("SELECT UPPER(LEFT(INFO, 5)), STATE FROM information_schema.PROCESSLIST WHERE INFO IS NOT NULL")) {
                    while (rs.next()) {
                        String s = rs.getString(1);
                        states.merge(s + "/" + rs.getString(2), 1, Integer::sum);
                        loads += s.startsWith("LOAD") ? 1 : 0;
                        alters += s.startsWith("ALTER") ? 1 : 0;
                    }
                }
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), ticks(sourcePid), ticks(targetPid), ticks(-1), loads, alters));
                }
                Thread.sleep(SAMPLE_MS);
            }
        } catch (SQLException | InterruptedException e) {
            System.out.println("timeline sampling stopped: " + e.getMessage());
        }
    }

    /** utime + stime of a process ({@code -1}: this JVM), in USER_HZ ticks. */
    private static long ticks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", pid < 0 ? "self" : Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stops sampling and prints one line per slice. */
    @Override
    public void close() throws Exception {
        stop = true;
        sampler.join(5_000);
        conn.close();
        List<Sample> all;
        synchronized (samples) {
            all = List.copyOf(samples);
        }
        System.out.println("    timeline (CPU % of one core per process; LOAD/ALTER statements in progress on the target), "
                + SLICE_MS + " ms slices:");
        Sample prev = null;
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            boolean last = i == all.size() - 1;
            long sliceEnd = start + (long) (((s.atNanos() - start) / 1_000_000 / SLICE_MS) + 1) * SLICE_MS * 1_000_000;
            boolean closesSlice = last || all.get(i + 1).atNanos() >= sliceEnd;
            if (!closesSlice) {
                continue;
            }
            List<Sample> slice = all.subList(from, i + 1);
            Sample first = prev == null ? slice.get(0) : prev;
            double secs = (s.atNanos() - first.atNanos()) / 1e9;
            if (secs > 0) {
                System.out.printf(Locale.ROOT, "    %5.1f s  src %3.0f%%  tgt %3.0f%%  jvm %3.0f%%  load %.1f alter %.1f%n",
                        (s.atNanos() - start) / 1e9,
                        pct(s.sourceTicks() - first.sourceTicks(), secs), pct(s.targetTicks() - first.targetTicks(), secs),
                        pct(s.selfTicks() - first.selfTicks(), secs),
                        slice.stream().mapToInt(Sample::loads).average().orElse(0),
                        slice.stream().mapToInt(Sample::alters).average().orElse(0));
            }
            prev = s;
            from = i + 1;
        }
        System.out.println("    statement/state samples: " + new TreeMap<>(states));
    }

    private static double pct(long ticks, double secs) {
        return ticks / 100.0 / secs * 100;
    }
}
