package io.cqrs.bench.e2e;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Point-select throughput on a real sandbox (source + 1 replica, loopback), per flavour, at 1, 4
 * and 16 threads: raw HikariCP on the replica vs RoutingDataSource vs Connector/J's
 * {@code jdbc:mysql:replication://} in HikariCP. Same pool size (16) and driver properties
 * ({@code useLocalSessionState=true, cachePrepStmts=true}) everywhere. Each repetition runs every
 * variant once, in rotated order, for {@code seconds}; the table shows medians.
 *
 * <p>Read cycle: getConnection, [setReadOnly(true)], prepareStatement, setLong, executeQuery,
 * next, getString, close. Raw skips setReadOnly (its pool only reaches the replica, so the
 * application needs no flag); the routers need it to route.
 *
 * <p>Round trips: the replica's and source's {@code Questions} and {@code Com_select} before and
 * after N single-threaded transactions per variant, minus a control run with no transactions
 * (which counts the status queries themselves and any background traffic in the same window).
 *
 * <p>Usage: {@code EndToEndBench [--flavors mysql,mariadb] [--seconds 5] [--reps 3] [--threads 1,4,16]}
 */
public final class EndToEndBench {

    static final String DB = "bench";
    static final int ROWS = 10_000;
    static final int POOL = 16;
    static final String PROPS = "useLocalSessionState=true&cachePrepStmts=true&prepStmtCacheSize=250";
    static final String QUERY = "SELECT v FROM t WHERE id = ?";

    public static void main(String[] args) throws Exception {
        List<String> flavors = List.of("mysql", "mariadb");
        int seconds = 5;
        int reps = 3;
        int[] threads = {1, 4, 16};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flavors" -> flavors = List.of(args[++i].split(","));
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--flavors mysql,mariadb] [--seconds 5] [--reps 3] [--threads 1,4,16]");
            }
        }
        for (String f : flavors) {
            run(ServerFlavor.valueOf(f.toUpperCase(Locale.ROOT)), seconds, reps, threads);
        }
    }

    interface Cycle {
        void run(DataSource ds, long id) throws SQLException;
    }

    record Variant(String name, DataSource ds, Cycle cycle, AutoCloseable closer) {
    }

    static void run(ServerFlavor flavor, int seconds, int reps, int[] threads) throws Exception {
        long t0 = System.nanoTime();
        try (Sandbox sandbox = Sandbox.builder().flavor(flavor).replicas(1).start()) {
            SandboxServer src = sandbox.source();
            SandboxServer rep = sandbox.replica(0);
            System.out.printf("%n=== %s %s (source :%d, replica :%d), sandbox up in %d ms%n", flavor, rep.version(),
                    src.port(), rep.port(), (System.nanoTime() - t0) / 1_000_000);
            load(src);
            sandbox.sync();

            List<Variant> variants = new ArrayList<>();
            HikariDataSource raw = pool("raw", rep.jdbcUrl(DB) + "&" + PROPS, rep.user(), rep.password());
            variants.add(new Variant("raw-hikari", raw, EndToEndBench::plainRead, raw));
            RoutingDataSource routed = routed(src, rep, true);
            variants.add(new Variant("routed", routed, EndToEndBench::readOnlyRead, routed));
            HikariDataSource cj = pool("cj-replication", "jdbc:mysql:replication://" + src.host() + ":" + src.port() + ","
                    + rep.host() + ":" + rep.port() + "/" + DB + "?useSSL=false&allowPublicKeyRetrieval=true&" + PROPS,
                    src.user(), src.password());
            variants.add(new Variant("cj-replication", cj, EndToEndBench::readOnlyRead, cj));
            Variant ss = shardingSphere(src, rep);
            if (ss != null) {
                variants.add(ss);
            }

            try {
                // warm up every variant at the highest thread count (JIT, pools, server caches)
                for (Variant v : variants) {
                    measure(v, threads[threads.length - 1], Math.max(2, seconds));
                }
                Map<String, List<Double>> results = new LinkedHashMap<>();
                for (int rep_ = 0; rep_ < reps; rep_++) {
                    for (int t : threads) {
                        for (int k = 0; k < variants.size(); k++) {
                            Variant v = variants.get((k + rep_) % variants.size());
                            double opsPerSec = measure(v, t, seconds);
                            results.computeIfAbsent(v.name() + "@" + t, x -> new ArrayList<>()).add(opsPerSec);
                        }
                    }
                }
                System.out.printf("%n%s throughput (ops/s, median of %d x %d s; all runs in brackets), ratio to raw-hikari%n",
                        flavor, reps, seconds);
                System.out.printf("%-16s %8s %12s %8s   %s%n", "variant", "threads", "median", "ratio", "runs");
                for (int t : threads) {
                    double rawMedian = median(results.get("raw-hikari@" + t));
                    for (Variant v : variants) {
                        List<Double> r = results.get(v.name() + "@" + t);
                        double m = median(r);
                        System.out.printf("%-16s %8d %12.0f %8.3f   %s%n", v.name(), t, m, m / rawMedian, fmt(r));
                    }
                }
                // round trips: routed without the lag monitor so its probes do not count; the
                // monitor's own traffic is reported separately
                RoutingDataSource quiet = routed(src, rep, false);
                System.out.printf("%n%s round trips per transaction (N=2000, single thread, minus a control window)%n", flavor);
                System.out.printf("%-26s %14s %14s %14s %14s%n", "variant", "replica Quest.", "replica Com_sel",
                        "source Quest.", "source Com_sel");
                roundTrips(src, rep, "raw-hikari", raw, EndToEndBench::plainRead);
                roundTrips(src, rep, "routed (lag monitor off)", quiet, EndToEndBench::readOnlyRead);
                roundTrips(src, rep, "cj-replication", cj, EndToEndBench::readOnlyRead);
                if (ss != null) {
                    roundTrips(src, rep, "shardingsphere", ss.ds(), EndToEndBench::readOnlyRead);
                }
                monitorTraffic(src, rep, routed);
                quiet.close();
            } finally {
                for (Variant v : variants) {
                    v.closer().close();
                }
            }
        }
    }

    static void load(SandboxServer src) throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DB);
            st.execute("CREATE TABLE IF NOT EXISTS " + DB + ".t (id BIGINT PRIMARY KEY, v VARCHAR(64) NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DB + ".t VALUES (?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "row-" + i);
                    ps.addBatch();
                    if (i % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
        }
    }

    static HikariDataSource pool(String name, String url, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(POOL);
        c.setMinimumIdle(POOL);
        return new HikariDataSource(c);
    }

    static RoutingDataSource routed(SandboxServer src, SandboxServer rep, boolean lagMonitor) {
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(src.jdbcUrl(DB)).username(src.user()).password(src.password()).build())
                .replica(EndpointConfig.builder("replica-1").jdbcUrl(rep.jdbcUrl(DB) + "&socketTimeout=5000")
                        .username(rep.user()).password(rep.password()).build())
                .maximumPoolSize(POOL)
                .minimumIdle(POOL);
        for (String kv : PROPS.split("&")) {
            String[] p = kv.split("=");
            b.poolHikariProperty("dataSource." + p[0], p[1]);
        }
        if (!lagMonitor) {
            b.lag(io.cqrs.routing.LagConfig.disabled());
        }
        return new RoutingDataSource(b.build());
    }

    /**
     * ShardingSphere-JDBC 5.5.2 read/write splitting over two HikariCP pools of the same size and
     * URL options as the other variants (standalone mode, round-robin over the one replica). Null,
     * with the reason printed, when it does not start; fails when its reads do not reach the replica.
     */
    static Variant shardingSphere(SandboxServer src, SandboxServer rep) throws Exception {
        HikariDataSource write = pool("ss-write", src.jdbcUrl(DB) + "&" + PROPS, src.user(), src.password());
        HikariDataSource read = pool("ss-read", rep.jdbcUrl(DB) + "&" + PROPS, rep.user(), rep.password());
        Map<String, DataSource> sources = new LinkedHashMap<>();
        sources.put("write_ds", write);
        sources.put("read_ds", read);
        var group = new org.apache.shardingsphere.readwritesplitting.config.rule.ReadwriteSplittingDataSourceGroupRuleConfiguration(
                "rw", "write_ds", List.of("read_ds"), "rr");
        var rule = new org.apache.shardingsphere.readwritesplitting.config.ReadwriteSplittingRuleConfiguration(List.of(group),
                Map.of("rr", new org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration("ROUND_ROBIN", new java.util.Properties())));
        DataSource ds;
        try {
            // since 5.4 ShardingSphere knows only the single (unsharded) tables it is told about
            var single = new org.apache.shardingsphere.single.config.SingleRuleConfiguration(List.of("*.*"), null);
            ds = org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory.createDataSource(DB, null, sources,
                    List.of(single, rule), new java.util.Properties());
        } catch (Exception | LinkageError e) {
            System.out.println("shardingsphere: skipped, it did not start: " + e);
            write.close();
            read.close();
            return null;
        }
        long replicaId;
        try (Connection c = rep.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            replicaId = rs.getLong(1);
        }
        for (int i = 0; i < 4; i++) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@server_id")) {
                rs.next();
                if (rs.getLong(1) != replicaId) {
                    throw new IllegalStateException("shardingsphere sent a read to server_id " + rs.getLong(1)
                            + ", not the replica (" + replicaId + ")");
                }
            }
        }
        AutoCloseable closer = () -> {
            if (ds instanceof AutoCloseable a) {
                a.close();
            }
            write.close();
            read.close();
        };
        return new Variant("shardingsphere", ds, EndToEndBench::readOnlyRead, closer);
    }

    static void plainRead(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new IllegalStateException("row " + id + " missing");
                }
            }
        }
    }

    static void readOnlyRead(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        throw new IllegalStateException("row " + id + " missing");
                    }
                }
            }
        }
    }

    static double measure(Variant v, int threads, int seconds) throws InterruptedException {
        LongAdder ops = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    start.await();
                    while (!stop.get()) {
                        v.cycle().run(v.ds(), 1 + rnd.nextInt(ROWS));
                        ops.increment();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, v.name() + "-" + i);
            ts.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long n = ops.sum();
        long elapsed = System.nanoTime() - t0;
        for (Thread t : ts) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(v.name() + " failed: " + errors.get(0), errors.get(0));
        }
        return n * 1e9 / elapsed;
    }

    static final int N = 2000;

    static void roundTrips(SandboxServer src, SandboxServer rep, String name, DataSource ds, Cycle cycle) throws Exception {
        for (int i = 0; i < 100; i++) {
            cycle.run(ds, 1 + i); // warm: connections made, statements cached
        }
        long[] c0 = counters(src, rep);
        long[] c1 = counters(src, rep);
        long[] control = diff(c0, c1);
        for (int i = 0; i < N; i++) {
            cycle.run(ds, 1 + (i % ROWS));
        }
        long[] c2 = counters(src, rep);
        long[] d = diff(c1, c2);
        System.out.printf("%-26s %14.3f %14.3f %14.3f %14.3f%n", name,
                (d[0] - control[0]) / (double) N, (d[1] - control[1]) / (double) N,
                (d[2] - control[2]) / (double) N, (d[3] - control[3]) / (double) N);
    }

    static void monitorTraffic(SandboxServer src, SandboxServer rep, DataSource routedWithMonitor) throws Exception {
        long[] a = counters(src, rep);
        Thread.sleep(5000);
        long[] b = counters(src, rep);
        long[] d = diff(a, b);
        System.out.printf("idle 5 s with the lag-monitored RoutingDataSource open (monitor + status queries): replica Questions %d, source Questions %d%n",
                d[0], d[2]);
    }

    static long[] diff(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = b[i] - a[i];
        }
        return d;
    }

    /** replica Questions, replica Com_select, source Questions, source Com_select (session Questions counts this query too). */
    static long[] counters(SandboxServer src, SandboxServer rep) throws SQLException {
        long[] r = status(rep);
        long[] s = status(src);
        return new long[]{r[0], r[1], s[0], s[1]};
    }

    static long[] status(SandboxServer server) throws SQLException {
        long q = 0;
        long sel = 0;
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select')")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("Questions")) {
                    q = rs.getLong(2);
                } else {
                    sel = rs.getLong(2);
                }
            }
        }
        return new long[]{q, sel};
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(List<Double> xs) {
        StringBuilder b = new StringBuilder("[");
        for (double x : xs) {
            b.append(b.length() > 1 ? ", " : "").append(String.format("%.0f", x));
        }
        return b.append(']').toString();
    }
}
