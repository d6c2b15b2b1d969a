package io.cqrs.bench.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CPU of one copy went, from {@code /proc} (Linux): the source's and the target's server
 * process, this JVM itself (our copy runs in it), and the tool processes it started and reaped
 * (mariadb-dump, mariadb, mydumper, myloader: the JVM's {@code cutime + cstime}), in CPU seconds;
 * and the machine's busy share over the copy from {@code /proc/stat} (every process on the machine,
 * other people's included). Of the JVM's share, the kernel's part and the page faults it took (a JVM touching fresh
 * heap pays a fault per page: what a warm run does not).
 */
record CpuSplit(double source, double target, double jvm, double tools, double busy, double jvmSystem, long jvmFaults) {

    /** USER_HZ; 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    record Mark(long source, long target, long self, long children, long machineTotal, long machineIdle, long selfSystem, long selfFaults) {
    }

    static Mark mark(long sourcePid, long targetPid) {
        long[] self = stat("self");
        long[] machine = machine();
        return new Mark(cpu(stat(Long.toString(sourcePid))), cpu(stat(Long.toString(targetPid))), self[0] + self[1], self[2] + self[3],
                machine[0], machine[1], self[1], self[4]);
    }

    static CpuSplit since(Mark m, long sourcePid, long targetPid) {
        long[] self = stat("self");
        long[] machine = machine();
        long total = machine[0] - m.machineTotal();
        long idle = machine[1] - m.machineIdle();
        return new CpuSplit((cpu(stat(Long.toString(sourcePid))) - m.source()) / TICKS, (cpu(stat(Long.toString(targetPid))) - m.target()) / TICKS,
                (self[0] + self[1] - m.self()) / TICKS, (self[2] + self[3] - m.children()) / TICKS,
                total <= 0 ? 0 : (double) (total - idle) / total, (self[1] - m.selfSystem()) / TICKS, self[4] - m.selfFaults());
    }

    private static long cpu(long[] stat) {
        return stat[0] + stat[1];
    }

    /** utime, stime, cutime, cstime and minflt of {@code /proc/<pid>/stat}. */
    private static long[] stat(String pid) {
        try {
            String s = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime is field 14
            return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]), Long.parseLong(f[7])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Total and idle (idle + iowait) ticks of all CPUs. */
    private static long[] machine() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[]{total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return String.format("cpu src %.1f tgt %.1f jvm %.1f (sys %.1f, %dk faults) tools %.1f s, busy %.0f%%", source, target, jvm, jvmSystem,
                jvmFaults / 1000, tools, 100 * busy);
    }
}
