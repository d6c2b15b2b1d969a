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
 * <p>Usage: {@code ProvisionBench [--flavors mariadb,mysql] [--rows 1000000] [--reps 3]}
 */
public final class ProvisionBench {

    public static void main(String[] args) throws Exception {
        List<String> flavors = List.of("mariadb");
        int rows = 1_000_000;
        int reps = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flavors" -> flavors = List.of(args[++i].split(","));
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--flavors mariadb,mysql] [--rows 1000000] [--reps 3]");
            }
        }
        for (String f : flavors) {
            run(ServerFlavor.valueOf(f.toUpperCase(Locale.ROOT)), rows, reps);
        }
    }

    interface Method {
        void copy() throws Exception;
    }

    static void run(ServerFlavor flavor, int rows, int reps) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().flavor(flavor).replicas(1).start()) {
            SandboxServer src = sandbox.source();
            SandboxServer rep = sandbox.replica(0);
            ServerEndpoint srcEp = endpoint(src);
            ServerEndpoint repEp = endpoint(rep);
            ReplicationAdmin admin = new ReplicationAdmin(srcEp, repEp);
            admin.resetReplication(true);
            long t0 = System.nanoTime();
            SampleData.Size size = SampleData.create(srcEp, rows, p -> { });
            long created = System.nanoTime() - t0;
            long bytes = scalar(src, "SELECT SUM(data_length + index_length) FROM information_schema.TABLES WHERE table_schema = 'sample_db'");
            System.out.printf("%n=== %s %s: sample_db with %d rows in all tables (%d order_items), %.0f MB on disk (data+index), created in %.1f s%n",
                    flavor, src.version(), size.total(), rows, bytes / 1e6, created / 1e9);

            ServerDistribution dist = Distributions.resolve(flavor);
            Map<String, Method> methods = new LinkedHashMap<>();
            methods.put("cqrs DirectCopySink (4 workers)", () -> Snapshotter.snapshot(srcEp,
                    SnapshotOptions.builder().databases("sample_db").workers(4).build(), new DirectCopySink(repEp)));
            methods.put("cqrs DirectCopySink, INSERTs only", () -> Snapshotter.snapshot(srcEp,
                    SnapshotOptions.builder().databases("sample_db").workers(4).build(), new DirectCopySink(repEp, false)));
            String dumpTool = flavor == ServerFlavor.MARIADB ? "mariadb-dump" : "mysqldump";
            String clientTool = flavor == ServerFlavor.MARIADB ? "mariadb" : "mysql";
            boolean haveDump = Files.isExecutable(toolPath(dist, dumpTool));
            if (haveDump) {
                methods.put(dumpTool + " | " + clientTool, () -> dumpPipe(dist, dumpTool, clientTool, src, rep));
            } else {
                // the MySQL artifact ships only mysqld: use MariaDB's client tools, which talk to MySQL 8.0
                // (the sandbox's root uses mysql_native_password for them)
                ServerDistribution maria = Distributions.resolve(ServerFlavor.MARIADB);
                if (Files.isExecutable(toolPath(maria, "mariadb-dump"))) {
                    methods.put("mariadb-dump | mariadb (MariaDB 10.11 tools)", () -> dumpPipe(maria, "mariadb-dump", "mariadb", src, rep));
                } else {
                    System.out.printf("skipped: %s | %s (the %s distribution has no %s, nor MariaDB's tools)%n",
                            dumpTool, clientTool, flavor, dumpTool);
                }
            }
            String mydumper = which("mydumper");
            if (mydumper != null && which("myloader") != null) {
                methods.put("mydumper + myloader (4 threads)", () -> mydumper(src, rep));
            } else {
                System.out.println("skipped: mydumper/myloader not installed (benchmarks/provision.sh installs Debian's mydumper when run as root)");
            }

            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(methods.keySet());
            for (int r = 0; r < reps; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((k + r) % names.size());
                    prepareReplica(admin, rep);
                    long s = System.nanoTime();
                    methods.get(name).copy();
                    double secs = (System.nanoTime() - s) / 1e9;
                    long copied = scalar(rep, "SELECT COUNT(*) FROM sample_db.order_items");
                    if (copied != rows) {
                        throw new IllegalStateException(name + " copied " + copied + " order_items, expected " + rows);
                    }
                    seconds.computeIfAbsent(name, x -> new ArrayList<>()).add(secs);
                    System.out.printf("  rep %d %-34s %7.2f s%n", r + 1, name, secs);
                }
            }
            double ours = median(seconds.get(names.get(0)));
            System.out.printf("%n%s copy of sample_db (%d order_items, %.0f MB), median of %d; speed-up = their time / ours%n",
                    flavor, rows, bytes / 1e6, reps);
            System.out.printf("%-34s %9s %9s %9s   %s%n", "method", "median s", "MB/s", "speed-up", "runs (s)");
            for (String n : names) {
                double m = median(seconds.get(n));
                System.out.printf("%-34s %9.2f %9.1f %9.2f   %s%n", n, m, bytes / 1e6 / m, m / ours, seconds.get(n));
            }

            prepareReplica(admin, rep);
            long p = System.nanoTime();
            Provisioner.Result result = Provisioner.provision(admin, sandbox.replicationSource(), ProvisionOptions.direct()
                    .snapshot(SnapshotOptions.builder().databases("sample_db").workers(4).build()));
            System.out.printf("full Provisioner.provision (copy + start replication + wait caught up): %.2f s, healthy=%s%n",
                    (System.nanoTime() - p) / 1e9, result.start().health().healthy());
        }
    }

    static ServerEndpoint endpoint(SandboxServer s) {
        return ServerEndpoint.builder().host(s.host()).port(s.port()).user(s.user()).password(Secret.none()).build();
    }

    /** Replication off and reset, sample_db gone, writable, without writing the replica's binlog. */
    static void prepareReplica(ReplicationAdmin admin, SandboxServer rep) throws SQLException {
        admin.resetReplication(true);
        try (Connection c = rep.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            setWritable(st, true);
            st.execute("DROP DATABASE IF EXISTS sample_db");
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

    static void dumpPipe(ServerDistribution dist, String dumpTool, String clientTool, SandboxServer src, SandboxServer rep)
            throws IOException, InterruptedException {
        List<String> dumpArgs = new ArrayList<>(List.of("--no-defaults", "--protocol=TCP", "-h", src.host(), "-P", String.valueOf(src.port()),
                "-u", src.user(), "--single-transaction", "--quick", "--routines", "--databases", "sample_db"));
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

    static void mydumper(SandboxServer src, SandboxServer rep) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mydumper");
        Path out = dir.resolve("out");
        try {
            exec(List.of("mydumper", "-h", src.host(), "-P", String.valueOf(src.port()), "-u", src.user(), "-B", "sample_db",
                    "-t", "4", "--trx-consistency-only", "-o", out.toString()));
            exec(List.of("myloader", "-h", rep.host(), "-P", String.valueOf(rep.port()), "-u", rep.user(), "-B", "sample_db",
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

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
