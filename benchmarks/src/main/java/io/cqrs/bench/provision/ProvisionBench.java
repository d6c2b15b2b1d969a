package io.cqrs.bench.provision;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.Secret;
import io.cqrs.admin.data.SampleData;
import io.cqrs.admin.replication.ProvisionOptions;
import io.cqrs.admin.replication.Provisioner;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.Distributions;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.ServerDistribution;
import io.cqrs.admin.snapshot.DirectCopySink;
import io.cqrs.admin.snapshot.SnapshotOptions;
import io.cqrs.admin.snapshot.Snapshotter;
import io.cqrs.common.ServerFlavor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copying {@code sample_db} from a sandbox source to its replica, several ways, same run, rotated
 * order per repetition, medians: the admin module's parallel JDBC snapshot straight into the
 * replica ({@link Snapshotter} + {@link DirectCopySink}, 4 workers; bulk load by default, and with
 * INSERTs only for comparison); {@code mariadb-dump | mariadb}
 * (or {@code mysqldump | mysql} when the distribution ships them), single transaction; mydumper +
 * myloader (4 threads, dump to a directory then load). Before each copy the replica's replication is
 * reset and {@code sample_db} dropped (binlog off). Every copy loads with the replica's binlog off
 * (DirectCopySink and myloader by default, the client through {@code --init-command}). Afterwards,
 * one full {@link Provisioner#provision} (copy + start replication + wait caught up).
 *
 * <p>{@code --shape one-large} copies {@code big_db} instead (issue #18: one table of {@code --rows} rows with a
 * BIGINT auto-increment key, one secondary key, two VARCHARs, a DECIMAL and a DATETIME, plus a
 * 1,000-row table; {@link OneLargeTable}); {@code --shape one-large-text-key} the same table keyed by a 32-character
 * hex string in random order (as UUID keys are), which the snapshot cannot split into ranges and reads in
 * one pass; {@code --shape many-tables} copies {@code many_db}, {@value ManyTables#TABLES} tables with two secondary keys
 * each and {@code --rows} rows in all ({@link ManyTables}). Every copy is checked by the big table's (or the last
 * table's) row count and
 * {@code CHECKSUM TABLE} of every table against the source, and its CPU is split between the source,
 * the target, this JVM (our copy) and the tool processes, with the machine's busy share
 * ({@link CpuSplit}).
 *
 * <p>Usage: {@code ProvisionBench [--flavors mariadb,mysql] [--rows 1000000] [--reps 3] [--shape sample|one-large|one-large-text-key|many-tables]
 * [--no-inserts-only] [--with-inline-loads] [--timeline] [--loaders 4[,8...]] [--ours-only] [--no-settle]}; before each timed copy the machine's dirty page cache is
 * written back ({@link Writeback}; {@code --no-settle}: not); {@code --ours-only} runs our copy alone (to try a change to it); {@code --loaders} sets our copy's loading
 * sessions (several values: one copy each, side by side, the first the base of the ratios); {@code --timeline} prints what the target did during each copy by the first method ({@link CopyTimeline}); {@code --with-inline-loads} adds the bulk copy as it was before
 * issue #18 (each worker loads its batches itself: {@code DirectCopySink(target, true, 0)}) to the same run.
 */
public final class ProvisionBench {

    public static void main(String[] args) throws Exception {
        List<String> flavors = List.of("mariadb");
        int rows = 1_000_000;
        int reps = 3;
        String shape = "sample";
        boolean insertsOnly = true;
        boolean inlineLoads = false;
        boolean timeline = false;
        List<Integer> loaders = List.of(DirectCopySink.DEFAULT_LOADERS);
        boolean oursOnly = false;
        boolean settle = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shape" -> shape = args[++i];
                case "--no-inserts-only" -> insertsOnly = false;
                case "--with-inline-loads" -> inlineLoads = true;
                case "--timeline" -> timeline = true;
                case "--ours-only" -> oursOnly = true;
                case "--no-settle" -> settle = false;
                case "--loaders" -> loaders = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--flavors" -> flavors = List.of(args[++i].split(","));
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--flavors mariadb,mysql] [--rows 1000000] [--reps 3] [--shape sample|one-large|one-large-text-key|many-tables] [--no-inserts-only] [--with-inline-loads] [--timeline] [--loaders 4[,8...]] [--ours-only] [--no-settle]");
            }
        }
        for (String f : flavors) {
            run(ServerFlavor.valueOf(f.toUpperCase(Locale.ROOT)), rows, reps, shape, insertsOnly, inlineLoads, timeline, loaders, oursOnly, settle);
        }
    }

    interface Method {
        void copy() throws Exception;
    }

    static void run(ServerFlavor flavor, int rows, int reps, String shape, boolean insertsOnly, boolean inlineLoads,
                    boolean timeline, List<Integer> loaders, boolean oursOnly, boolean settle)
            throws Exception {
        OneLargeTable.Key largeKey = switch (shape) {
            case "sample", "many-tables" -> null;
            case "one-large" -> OneLargeTable.Key.BIGINT;
            case "one-large-text-key" -> OneLargeTable.Key.TEXT;
            default -> throw new IllegalArgumentException("unknown --shape " + shape + "; use sample, one-large, one-large-text-key or many-tables");
        };
        boolean oneLarge = largeKey != null;
        boolean manyTables = shape.equals("many-tables");
        String db = oneLarge ? OneLargeTable.DATABASE : manyTables ? ManyTables.DATABASE : "sample_db";
        // the table whose row count each copy checks (with the checksums of all), and its rows
        String bigTable = oneLarge ? "products" : manyTables ? ManyTables.table(ManyTables.TABLES) : "order_items";
        long bigRows = manyTables ? ManyTables.rowsPerTable(rows) : rows;
        try (Sandbox sandbox = Sandbox.builder().flavor(flavor).replicas(1).start()) {
            SandboxServer src = sandbox.source();
            SandboxServer rep = sandbox.replica(0);
            ServerEndpoint srcEp = endpoint(src);
            ServerEndpoint repEp = endpoint(rep);
            ReplicationAdmin admin = new ReplicationAdmin(srcEp, repEp);
            admin.resetReplication(true);
            long t0 = System.nanoTime();
            long total = oneLarge ? OneLargeTable.create(srcEp, rows, largeKey)
                    : manyTables ? ManyTables.create(srcEp, rows) : SampleData.create(srcEp, rows, p -> { }).total();
            long created = System.nanoTime() - t0;
            analyze(src, db);
            long bytes = scalar(src, "SELECT SUM(data_length + index_length) FROM information_schema.TABLES WHERE table_schema = '" + db + "'");
            System.out.printf("%n=== %s %s: %s with %d rows in all tables (%d %s), %.0f MB on disk (data+index), created in %.1f s%n",
                    flavor, src.version(), db, total, bigRows, bigTable, bytes / 1e6, created / 1e9);
            String srcChecksum = checksums(src, db);

            ServerDistribution dist = Distributions.resolve(flavor);
            Map<String, Method> methods = new LinkedHashMap<>();
            for (int l : loaders) { // the first is "ours", the base of the ratios; the others run beside it
                methods.put("cqrs DirectCopySink (4 workers, " + l + " loaders)", () -> Snapshotter.snapshot(srcEp,
                        SnapshotOptions.builder().databases(db).workers(4).build(), new DirectCopySink(repEp, true, l)));
            }
            if (inlineLoads) {
                // the copy before issue #18: each worker loads what it read, in its own thread
                methods.put("cqrs, loads in the reading threads (pre-#18)", () -> Snapshotter.snapshot(srcEp,
                        SnapshotOptions.builder().databases(db).workers(4).build(), new DirectCopySink(repEp, true, 0)));
            }
            if (insertsOnly) methods.put("cqrs DirectCopySink, INSERTs only", () -> Snapshotter.snapshot(srcEp,
                    SnapshotOptions.builder().databases(db).workers(4).build(), new DirectCopySink(repEp, false)));
            String dumpTool = flavor == ServerFlavor.MARIADB ? "mariadb-dump" : "mysqldump";
            String clientTool = flavor == ServerFlavor.MARIADB ? "mariadb" : "mysql";
            boolean haveDump = Files.isExecutable(toolPath(dist, dumpTool));
            if (oursOnly) {
                System.out.println("--ours-only: the peers are not run (no ratio to them)");
            } else if (haveDump) {
                methods.put(dumpTool + " | " + clientTool, () -> dumpPipe(dist, dumpTool, clientTool, src, rep, db));
            } else {
                // the MySQL artifact ships only mysqld: use MariaDB's client tools, which talk to MySQL 8.0
                // (the sandbox's root uses mysql_native_password for them)
                ServerDistribution maria = Distributions.resolve(ServerFlavor.MARIADB);
                if (Files.isExecutable(toolPath(maria, "mariadb-dump"))) {
                    methods.put("mariadb-dump | mariadb (MariaDB 10.11 tools)", () -> dumpPipe(maria, "mariadb-dump", "mariadb", src, rep, db));
                } else {
                    System.out.printf("skipped: %s | %s (the %s distribution has no %s, nor MariaDB's tools)%n",
                            dumpTool, clientTool, flavor, dumpTool);
                }
            }
            String mydumper = which("mydumper");
            if (oursOnly) {
                // as above
            } else if (mydumper != null && which("myloader") != null) {
                methods.put("mydumper + myloader (4 threads)", () -> mydumper(src, rep, db));
            } else {
                System.out.println("skipped: mydumper/myloader not installed (benchmarks/provision.sh installs Debian's mydumper when run as root)");
            }

            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            Map<String, List<CpuSplit>> cpu = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(methods.keySet());
            for (int r = 0; r < reps; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((k + r) % names.size());
                    prepareReplica(admin, rep, db);
                    String settled = settle ? "; " + Writeback.settle() : "";
                    CpuSplit.Mark before = CpuSplit.mark(src.pid(), rep.pid());
                    CopyTimeline t = timeline && name.equals(names.get(0)) ? new CopyTimeline(src, rep) : null;
                    long s = System.nanoTime();
                    methods.get(name).copy();
                    double secs = (System.nanoTime() - s) / 1e9;
                    CpuSplit split = CpuSplit.since(before, src.pid(), rep.pid());
                    if (t != null) {
                        t.close();
                    }
                    long copied = scalar(rep, "SELECT COUNT(*) FROM " + db + "." + bigTable);
                    if (copied != bigRows) {
                        throw new IllegalStateException(name + " copied " + copied + " " + bigTable + ", expected " + bigRows);
                    }
                    String repChecksum = checksums(rep, db);
                    if (!repChecksum.equals(srcChecksum)) {
                        throw new IllegalStateException(name + ": checksums differ: source " + srcChecksum + ", replica " + repChecksum);
                    }
                    seconds.computeIfAbsent(name, x -> new ArrayList<>()).add(secs);
                    cpu.computeIfAbsent(name, x -> new ArrayList<>()).add(split);
                    System.out.printf("  rep %d %-44s %7.2f s   %s   (load %.1f%s)%n", r + 1, name, secs, split, loadAverage(), settled);
                }
            }
            double ours = median(seconds.get(names.get(0)));
            System.out.printf("%n%s copy of %s (%d %s, %.0f MB), median of %d; speed-up = their time / ours;"
                            + " CPU-s medians per part (source / target / our JVM / tool processes), busy = machine's busy share%n",
                    flavor, db, bigRows, bigTable, bytes / 1e6, reps);
            System.out.printf("%-44s %9s %9s %9s %8s %8s %8s %8s %6s   %s%n", "method", "median s", "MB/s", "speed-up",
                    "src cpu", "tgt cpu", "jvm cpu", "tool cpu", "busy", "runs (s)");
            for (String n : names) {
                double m = median(seconds.get(n));
                List<CpuSplit> cs = cpu.get(n);
                System.out.printf("%-44s %9.2f %9.1f %9.2f %8.1f %8.1f %8.1f %8.1f %5.0f%%   %s%n", n, m, bytes / 1e6 / m, m / ours,
                        median(cs.stream().map(CpuSplit::source).toList()), median(cs.stream().map(CpuSplit::target).toList()),
                        median(cs.stream().map(CpuSplit::jvm).toList()), median(cs.stream().map(CpuSplit::tools).toList()),
                        100 * median(cs.stream().map(CpuSplit::busy).toList()), seconds.get(n));
            }

            prepareReplica(admin, rep, db);
            long p = System.nanoTime();
            Provisioner.Result result = Provisioner.provision(admin, sandbox.replicationSource(), ProvisionOptions.direct()
                    .snapshot(SnapshotOptions.builder().databases(db).workers(4).build()));
            System.out.printf("full Provisioner.provision (copy + start replication + wait caught up): %.2f s, healthy=%s%n",
                    (System.nanoTime() - p) / 1e9, result.start().health().healthy());
        }
    }

    static ServerEndpoint endpoint(SandboxServer s) {
        return ServerEndpoint.builder().host(s.host()).port(s.port()).user(s.user()).password(Secret.none()).build();
    }

    /** Replication off and reset, sample_db gone, writable, without writing the replica's binlog. */
    static void prepareReplica(ReplicationAdmin admin, SandboxServer rep, String db) throws SQLException {
        admin.resetReplication(true);
        try (Connection c = rep.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            setWritable(st, true);
            st.execute("DROP DATABASE IF EXISTS " + db);
        }
    }

    static void setWritable(Statement st, boolean writable) throws SQLException {
        try {
            st.execute("SET GLOBAL super_read_only = " + (writable ? "OFF" : "ON"));
        } catch (SQLException mariadb) {
            // MariaDB has no super_read_only
        }
        st.execute("SET GLOBAL read_only = " + (writable ? "OFF" : "ON"));
    }

    static void dumpPipe(ServerDistribution dist, String dumpTool, String clientTool, SandboxServer src, SandboxServer rep, String db)
            throws IOException, InterruptedException {
        List<String> dumpArgs = new ArrayList<>(List.of("--no-defaults", "--protocol=TCP", "-h", src.host(), "-P", String.valueOf(src.port()),
                "-u", src.user(), "--single-transaction", "--quick", "--routines", "--databases", db));
        dumpArgs.add(dumpTool.equals("mysqldump") ? "--set-gtid-purged=OFF" : "--skip-dump-date");
        ProcessBuilder dump = dist.toolProcess(dumpTool, dumpArgs).redirectError(ProcessBuilder.Redirect.INHERIT);
        ProcessBuilder load = dist.toolProcess(clientTool, List.of("--no-defaults", "--protocol=TCP", "-h", rep.host(),
                "-P", String.valueOf(rep.port()), "-u", rep.user(), "--init-command=SET SESSION sql_log_bin=0"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        List<Process> ps = ProcessBuilder.startPipeline(List.of(dump, load));
        for (Process p : ps) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(p.info().command().orElse("?") + " exited " + p.exitValue());
            }
        }
    }

    static void mydumper(SandboxServer src, SandboxServer rep, String db) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mydumper");
        Path out = dir.resolve("out");
        try {
            exec(List.of("mydumper", "-h", src.host(), "-P", String.valueOf(src.port()), "-u", src.user(), "-B", db,
                    "-t", "4", "--trx-consistency-only", "-o", out.toString()));
            exec(List.of("myloader", "-h", rep.host(), "-P", String.valueOf(rep.port()), "-u", rep.user(), "-B", db,
                    "-t", "4", "-d", out.toString()));
        } finally {
            try (var w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static void exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue());
        }
    }

    static Path toolPath(ServerDistribution dist, String tool) {
        try {
            return Path.of(dist.toolProcess(tool, List.of()).command().get(0));
        } catch (RuntimeException e) {
            return Path.of("/nonexistent", tool);
        }
    }

    static String which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static long scalar(SandboxServer s, String sql) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code CHECKSUM TABLE} of every base table of {@code db}, in name order. */
    static String checksums(SandboxServer s, String db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.TABLES WHERE table_schema = '" + db
                    + "' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + db + "`.`" + t + "`")) {
                    rs.next();
                    sb.append(t).append('=').append(rs.getLong(2)).append(' ');
                }
            }
            return sb.toString().trim();
        }
    }

    static void analyze(SandboxServer s, String db) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.TABLES WHERE table_schema = '" + db + "'")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            for (String t : tables) {
                st.execute("ANALYZE TABLE `" + db + "`.`" + t + "`");
            }
        }
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
