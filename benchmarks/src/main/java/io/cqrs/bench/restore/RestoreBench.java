package io.cqrs.bench.restore;

import io.cqrs.admin.Progress;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.data.SampleData;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.Distributions;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.ServerDistribution;
import io.cqrs.admin.snapshot.DumpFileSink;
import io.cqrs.admin.snapshot.RestoreOptions;
import io.cqrs.admin.snapshot.Restorer;
import io.cqrs.admin.snapshot.SnapshotOptions;
import io.cqrs.admin.snapshot.Snapshotter;
import io.cqrs.admin.Secret;
import io.cqrs.common.ServerFlavor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restoring a dump file into a fresh database, ours against the plain client, same run, same
 * target server, rotated order per repetition, medians. {@code sample_db} ({@code --rows}
 * order_items) is created on a sandbox source; the replica, with its replication reset, is the
 * target, and before every load its {@code sample_db} is dropped. Two files: a
 * {@code mariadb-dump --single-transaction --hex-blob sample_db} file (one database, so ours
 * loads it with {@code database("sample_db")} and the client with {@code sample_db} as its default
 * database; mariadb-dump's defaults otherwise, one row per line) and our own dump
 * ({@link Snapshotter} + {@link DumpFileSink}). Loaders: {@link Restorer#restore} in this JVM
 * (validation pass + load), the {@code mariadb} client (with {@code sql_log_bin=0}, as ours), and
 * {@code bin/cqrs-admin restore} (a new JVM per load, so its start-up counts; also with C1 only and
 * the serial collector through {@code CQRS_ADMIN_JAVA_OPTS}, the launcher's hook). Every load is
 * checked: {@code CHECKSUM TABLE} of every table equals the source's.
 *
 * <p>Besides wall time it reports CPU seconds per load: the target server's (from
 * {@code /proc/PID/stat}) plus the loader's (this JVM's process CPU for the in-process restore,
 * {@code /usr/bin/time} for the client and the CLI). A load sends one statement at a time and
 * waits for it, so on an idle machine its wall time is about that sum; on a shared, loaded
 * machine the sum still measures the work while wall time measures the queue.
 *
 * <p>Usage: {@code RestoreBench [--flavors mariadb,mysql] [--rows 100000] [--reps 5] [--no-cli]}
 */
public final class RestoreBench {

    public static void main(String[] args) throws Exception {
        List<String> flavors = List.of("mariadb");
        int rows = 100_000;
        int reps = 5;
        boolean cli = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flavors" -> flavors = List.of(args[++i].split(","));
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--no-cli" -> cli = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--flavors mariadb,mysql] [--rows 100000] [--reps 5] [--no-cli]");
            }
        }
        for (String f : flavors) {
            run(ServerFlavor.valueOf(f.toUpperCase(Locale.ROOT)), rows, reps, cli);
        }
    }

    interface Load {
        void run() throws Exception;
    }

    static void run(ServerFlavor flavor, int rows, int reps, boolean cli) throws Exception {
        // the MariaDB distribution carries the client tools; they talk to MySQL 8.0 too
        ServerDistribution tools = Distributions.resolve(ServerFlavor.MARIADB);
        try (Sandbox sandbox = Sandbox.builder().flavor(flavor).replicas(1).start()) {
            SandboxServer src = sandbox.source();
            SandboxServer rep = sandbox.replica(0);
            ServerEndpoint srcEp = endpoint(src);
            ServerEndpoint repEp = endpoint(rep);
            ReplicationAdmin admin = new ReplicationAdmin(srcEp, repEp);
            admin.resetReplication(true);
            SampleData.Size size = SampleData.create(srcEp, rows, p -> { });
            Map<String, String> expected = checksums(src);
            Path dir = Files.createTempDirectory("restore-bench");
            Path mariadbDump = dir.resolve("mariadb-dump.sql");
            ProcessBuilder dump = tools.toolProcess("mariadb-dump", List.of("--no-defaults", "--protocol=TCP", "-h", src.host(),
                    "-P", String.valueOf(src.port()), "-u", src.user(), "--single-transaction", "--hex-blob", "sample_db"));
            exec(dump.redirectOutput(mariadbDump.toFile()));
            Path ours = dir.resolve("cqrs-dump.sql");
            Snapshotter.snapshot(srcEp, SnapshotOptions.builder().databases("sample_db").build(), DumpFileSink.of(ours));
            long mdLines;
            try (var l = Files.lines(mariadbDump)) {
                mdLines = l.count();
            }
            System.out.printf("%n=== %s %s: sample_db with %d rows in all tables (%d order_items)%n", flavor, rep.version(), size.total(), rows);
            System.out.printf("mariadb-dump file: %,d bytes, %,d lines (one row per line); our dump: %,d bytes%n",
                    Files.size(mariadbDump), mdLines, Files.size(ours));

            List<String> clientArgs = List.of("--no-defaults", "--protocol=TCP", "-h", rep.host(), "-P", String.valueOf(rep.port()),
                    "-u", rep.user(), "--init-command=SET SESSION sql_log_bin=0");
            List<Double> validateSeconds = new ArrayList<>();
            Map<String, Load> loads = new LinkedHashMap<>();
            loads.put("cqrs Restorer, mariadb-dump file", () -> validateSeconds.add(restore(repEp, mariadbDump, "sample_db")));
            loads.put("mariadb client, mariadb-dump file", () -> client(tools, clientArgs, "sample_db", mariadbDump));
            loads.put("cqrs Restorer, our dump", () -> restore(repEp, ours, null));
            loads.put("mariadb client, our dump", () -> client(tools, clientArgs, null, ours));
            if (cli) {
                loads.put("bin/cqrs-admin restore (new JVM), mariadb-dump", () -> cli(rep, mariadbDump, ""));
                loads.put("same, C1 only + SerialGC, mariadb-dump", () -> cli(rep, mariadbDump, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
            }

            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(loads.keySet());
            for (int r = 0; r < reps; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((k + r) % names.size());
                    prepare(rep);
                    double serverBefore = processCpu(rep.pid());
                    double loaderBefore = CHILD_CPU.get() + ownCpu();
                    long s = System.nanoTime();
                    loads.get(name).run();
                    double secs = (System.nanoTime() - s) / 1e9;
                    double server = processCpu(rep.pid()) - serverBefore;
                    double loader = CHILD_CPU.get() + ownCpu() - loaderBefore;
                    Map<String, String> got = checksums(rep);
                    if (!got.equals(expected)) {
                        throw new IllegalStateException(name + " loaded " + got + ", the source has " + expected);
                    }
                    seconds.computeIfAbsent(name, x -> new ArrayList<>()).add(secs);
                    cpu.computeIfAbsent(name, x -> new ArrayList<>()).add(server + loader);
                    System.out.printf("  rep %d %-48s %7.3f s wall, CPU %.3f s (server %.3f + loader %.3f), load average %s%n",
                            r + 1, name, secs, server + loader, server, loader, loadAverage());
                }
            }
            System.out.printf("%n%s restore of sample_db (%d order_items), median of %d; ratio = ours / the client's on the same file%n",
                    flavor, rows, reps);
            System.out.printf("%-48s %9s %7s %11s %7s   %s | %s%n", "loader, file", "wall s", "ratio", "CPU s", "ratio", "wall runs (s)", "CPU runs (s)");
            for (String n : names) {
                String client = n.contains("our dump") ? "mariadb client, our dump" : "mariadb client, mariadb-dump file";
                double w = median(seconds.get(n));
                double c = median(cpu.get(n));
                System.out.printf("%-48s %9.3f %7.2f %11.3f %7.2f   %s | %s%n", n, w, w / median(seconds.get(client)), c,
                        c / median(cpu.get(client)), fmt(seconds.get(n)), fmt(cpu.get(n)));
            }
            System.out.printf("of which cqrs Restorer's validation pass (mariadb-dump file): median %.3f s, runs %s%n",
                    median(validateSeconds), fmt(validateSeconds));
        }
    }

    /** {@code bin/cqrs-admin restore} in a new JVM, with these JVM options (CQRS_ADMIN_JAVA_OPTS). */
    static void cli(SandboxServer rep, Path file, String javaOptions) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/cqrs-admin", "restore", "--replica", rep.host() + ":" + rep.port(), "--user", rep.user(),
                "-i", file.toString(), "--database", "sample_db").redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("CQRS_ADMIN_JAVA_OPTS", javaOptions);
        exec(pb);
    }

    /** Restores with the library; returns the seconds its validation pass took. */
    static double restore(ServerEndpoint target, Path file, String database) {
        double[] validated = new double[1];
        Restorer.restore(target, file, RestoreOptions.builder().database(database).progress(p -> record(p, validated)).build());
        return validated[0];
    }

    private static void record(Progress p, double[] validated) {
        if (p.done() && p.phase().equals("validate")) {
            validated[0] = p.elapsed().toNanos() / 1e9;
        }
    }

    static void client(ServerDistribution tools, List<String> args, String database, Path file) throws Exception {
        List<String> a = new ArrayList<>(args);
        if (database != null) {
            a.add(database);
        }
        exec(tools.toolProcess("mariadb", a).redirectInput(file.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD));
    }

    /** CPU seconds of the child processes run so far (as /usr/bin/time measured them). */
    static final java.util.concurrent.atomic.AtomicReference<Double> CHILD_CPU = new java.util.concurrent.atomic.AtomicReference<>(0.0);

    /** user + system CPU seconds of a process so far. */
    static double processCpu(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
    }

    static double ownCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /**
     * A fresh, empty sample_db on the target (the single-database file's target must exist for the
     * client; ours would create it), writable, without writing the target's binlog.
     */
    static void prepare(SandboxServer rep) throws Exception {
        try (Connection c = rep.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            setWritable(st, true);
            st.execute("DROP DATABASE IF EXISTS sample_db");
            st.execute("CREATE DATABASE sample_db");
        }
    }

    static Map<String, String> checksums(SandboxServer s) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sample_db' "
                    + "AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE sample_db.`" + t + "`")) {
                    rs.next();
                    out.put(t, rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Runs a process under /usr/bin/time and adds its CPU seconds to {@link #CHILD_CPU}. */
    static void exec(ProcessBuilder pb) throws Exception {
        Path err = Files.createTempFile("restore-bench", ".err");
        Path times = Files.createTempFile("restore-bench", ".time");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        cmd.addAll(pb.command());
        pb.command(cmd);
        pb.redirectError(err.toFile());
        Process p = pb.start();
        int exit = p.waitFor();
        String text = Files.readString(err);
        String[] t = Files.readString(times).trim().split("\\s+");
        Files.delete(err);
        Files.delete(times);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", pb.command()) + " exited " + exit + ": " + text);
        }
        CHILD_CPU.updateAndGet(c -> c + Double.parseDouble(t[t.length - 2]) + Double.parseDouble(t[t.length - 1]));
    }

    static ServerEndpoint endpoint(SandboxServer s) {
        return ServerEndpoint.builder().host(s.host()).port(s.port()).user(s.user()).password(Secret.none()).build();
    }

    static void setWritable(Statement st, boolean writable) throws java.sql.SQLException {
        try {
            st.execute("SET GLOBAL super_read_only = " + (writable ? "OFF" : "ON"));
        } catch (java.sql.SQLException mariadb) {
            // MariaDB has no super_read_only
        }
        st.execute("SET GLOBAL read_only = " + (writable ? "OFF" : "ON"));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format("%.3f", x)).toList().toString();
    }
}
