package io.cqrs.sample;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.sample.demo.DemoReport;
import io.cqrs.sample.demo.DemoScenario;
import io.cqrs.sample.demo.RoutingLedger;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo, end to end: a sandbox source + replica (MySQL 8.0 or MariaDB, from Maven artifacts),
 * the {@code sample_db} schema and rows, the gRPC service on a free port, a scripted client over
 * that port (writes, reads, read-your-writes, the replica paused and resumed), and a table of where
 * everything went. {@code --serve} keeps the service up for your own client instead.
 *
 * <p>Exit codes: 0 success, 1 a step went wrong or something failed to start, 2 bad arguments.
 * Everything it starts is stopped on exit, also on Ctrl-C.
 */
public final class Demo {

    static final String USAGE = """
            usage: bin/demo [--flavor mysql|mariadb] [--serve [--port N]]
              --flavor F   the sandbox servers: mysql (MySQL 8.0, default) or mariadb (MariaDB 10.11)
              --serve      keep the service running for your own client (Ctrl-C stops it and prints the table)
              --port N     the gRPC port in --serve mode (default 50051; 0 = any free port)
            """;

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo; returns the exit code. Leaves no server running when it returns. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ServerFlavor flavor = ServerFlavor.MYSQL;
        boolean serve = false;
        int port = SampleConfig.DEFAULT_GRPC_PORT;
        boolean portGiven = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--flavor" -> flavor = parseFlavor(value(args, ++i, "--flavor"));
                    case "--serve" -> serve = true;
                    case "--port" -> {
                        port = parsePort(value(args, ++i, "--port"));
                        portGiven = true;
                    }
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (portGiven && !serve) {
                throw new IllegalArgumentException("--port is for --serve; the scripted demo always takes a free port");
            }
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Resources resources = new Resources();
        Thread hook = new Thread(resources::stopByHook, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new Demo().go(flavor, serve, serve ? port : 0, resources, out, err);
        } catch (Exception e) {
            if (resources.stoppedByHook) {
                err.println("demo: interrupted; everything it started is stopped");
                return 130;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println("demo: FAILED: " + describe(e));
            return 1;
        } finally {
            resources.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }

    private int go(ServerFlavor flavor, boolean serve, int port, Resources res, PrintStream out, PrintStream err) throws Exception {
        long t0 = System.nanoTime();
        out.println("Starting a " + flavor.displayName() + " sandbox: source + 1 replica (first run extracts the server binaries) ...");
        Sandbox sandbox = Sandbox.builder().flavor(flavor).replicas(1).start();
        res.sandbox = sandbox;
        SandboxServer source = sandbox.source();
        SandboxServer replica = sandbox.replica(0);
        out.printf("  source     %s  server_id %d  port %d  (%s)%n", source.name(), source.serverId(), source.port(), source.version().describe());
        out.printf("  replica    %s  server_id %d  port %d  replicating with GTID auto-positioning%n", replica.name(), replica.serverId(), replica.port());

        // the runbook's create-data, dump, restore and start-replication, with the admin API
        var provisioned = SampleDatabase.createAndProvision(sandbox, DEMO_ROWS, p -> { });
        var result = provisioned.get(0);
        out.printf("  data       %s on the source (cqrs-admin create-data): %d order lines and their customers, products, categories%n",
                SampleDatabase.DATABASE, DEMO_ROWS);
        out.printf("  provision  %d rows copied to the replica in %d ms; replication started at GTID %s (cqrs-admin provision)%n%n",
                result.snapshot().rows(), result.elapsed().toMillis(), abbreviate(result.snapshot().gtidPosition()));

        RoutingLedger ledger = new RoutingLedger();
        SampleConfig config = new SampleConfig(routingConfig(sandbox), port);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        SampleApp app = SampleApp.start(config, address, List.of(ledger));
        res.app = app;
        out.printf("  service    gRPC CatalogCommandService + CatalogQueryService on 127.0.0.1:%d (%.1f s since start)%n%n",
                app.port(), (System.nanoTime() - t0) / 1e9);

        Map<String, Long> serverIds = new LinkedHashMap<>();
        serverIds.put("source", (long) source.serverId());
        serverIds.put("replica-1", (long) replica.serverId());

        if (serve) {
            return serve(app, sandbox, ledger, serverIds, out);
        }

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
        res.channel = channel;
        DemoScenario scenario = new DemoScenario(channel, replica, source.serverId(), replica.serverId(), out,
                () -> res.stoppedByHook);
        scenario.run();

        out.println();
        out.println("Where it went (router decisions per endpoint; answers = responses whose served_by is that server):");
        out.print(DemoReport.render(ledger, serverIds, scenario.answers()));
        out.println("  token reads: reads that carried x-consistency-token; token checks: the router did not know the replica had");
        out.println("  applied it, so one statement asked and, if needed, waited (WAIT_FOR_EXECUTED_GTID_SET / MASTER_GTID_WAIT,");
        out.println("  answering at once when applied) up to " + config.routing().consistency().tokenWait().toMillis()
                + " ms; token fallbacks: not applied in time, the source read;");
        out.println("  fallback reads: no replica could serve, so the source did.");
        if (!scenario.failures().isEmpty()) {
            err.println();
            err.println("demo: FAILED, " + scenario.failures().size() + " step(s) did not behave:");
            scenario.failures().forEach(f -> err.println("  - " + f));
            return 1;
        }
        out.printf("%nDemo OK in %.1f s; stopping the service and the servers.%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private int serve(SampleApp app, Sandbox sandbox, RoutingLedger ledger, Map<String, Long> serverIds, PrintStream out)
            throws InterruptedException {
        int p = app.port();
        out.println("Serving. Try it with grpcurl (from the repository root):");
        out.println("  grpcurl -plaintext -import-path sample-app/src/main/proto -proto catalog.proto -v \\");
        out.println("      -d '{\"name\":\"Books\"}' 127.0.0.1:" + p + " cqrs.sample.v1.CatalogCommandService/CreateCategory");
        out.println("  grpcurl -plaintext -import-path sample-app/src/main/proto -proto catalog.proto \\");
        out.println("      -d '{}' 127.0.0.1:" + p + " cqrs.sample.v1.CatalogQueryService/ListCategories");
        out.println("  # read your write: send the x-consistency-token the write answered with (-v shows it)");
        out.println("  grpcurl -plaintext -import-path sample-app/src/main/proto -proto catalog.proto \\");
        out.println("      -H 'x-consistency-token: <token>' -d '{\"id\":4}' 127.0.0.1:" + p + " cqrs.sample.v1.CatalogQueryService/GetCategory");
        out.println("The servers (user root, no password, 127.0.0.1 only):");
        out.println("  source   " + sandbox.source().jdbcUrl(SampleDatabase.DATABASE));
        out.println("  replica  " + sandbox.replica(0).jdbcUrl(SampleDatabase.DATABASE));
        out.println("Ctrl-C stops the service and the servers and prints where your calls went.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.print(DemoReport.render(ledger, serverIds, Map.of()));
            out.flush();
        }, "demo-report"));
        app.awaitClosed();
        return 0;
    }

    /** The router over the sandbox: small pools, a short borrow timeout so a paused replica fails over quickly. */
    static RoutingConfig routingConfig(Sandbox sandbox) {
        String guard = "&socketTimeout=10000"; // a statement on a frozen server fails instead of hanging
        SandboxServer source = sandbox.source();
        RoutingConfig.Builder b = RoutingConfig.builder()
                // trackSessionState: the GTID of each write comes back with the OK packet (no extra round trip)
                .source(EndpointConfig.builder("source").jdbcUrl(source.jdbcUrl(SampleDatabase.DATABASE) + guard + "&trackSessionState=true")
                        .username(source.user()).password(source.password()).build())
                .maximumPoolSize(4)
                .connectionTimeout(Duration.ofMillis(500))
                .poolHikariProperty("dataSource.useLocalSessionState", "true")
                .poolHikariProperty("dataSource.cachePrepStmts", "true")
                .poolHikariProperty("validationTimeout", "250"); // a frozen replica is given up on quickly
        for (int i = 0; i < sandbox.replicas().size(); i++) {
            SandboxServer r = sandbox.replica(i);
            b.replica(EndpointConfig.builder("replica-" + (i + 1)).jdbcUrl(r.jdbcUrl(SampleDatabase.DATABASE) + guard)
                    .username(r.user()).password(r.password()).build());
        }
        return b.build();
    }

    static final int DEMO_ROWS = 2_000;

    private static String abbreviate(String gtids) {
        return gtids.length() <= 60 ? gtids : gtids.substring(0, 57) + "...";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static ServerFlavor parseFlavor(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "mysql" -> ServerFlavor.MYSQL;
            case "mariadb" -> ServerFlavor.MARIADB;
            default -> throw new IllegalArgumentException("--flavor '" + s + "' is not known; use mysql or mariadb");
        };
    }

    static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("--port '" + s + "' is not a port; use 1-65535, or 0 for any free port");
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append("\n  caused by: ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    /** What the demo started, closed once in reverse order (by the main thread or the Ctrl-C hook). */
    private static final class Resources {
        private final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean stoppedByHook;
        volatile Sandbox sandbox;
        volatile SampleApp app;
        volatile ManagedChannel channel;

        void stopByHook() {
            stoppedByHook = true;
            close();
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            List<Runnable> steps = new ArrayList<>();
            ManagedChannel ch = channel;
            if (ch != null) {
                steps.add(() -> {
                    ch.shutdownNow();
                    try {
                        ch.awaitTermination(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            SampleApp a = app;
            if (a != null) {
                steps.add(a::close);
            }
            Sandbox s = sandbox;
            if (s != null) {
                steps.add(s::close);
            }
            for (Runnable r : steps) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    System.err.println("demo: while stopping: " + e.getMessage());
                }
            }
        }
    }
}
