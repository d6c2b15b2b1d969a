package io.cqrs.sample;

import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.jdbi.RoutingPlugin;
import io.cqrs.sample.consistency.RouterReadYourWrites;
import io.cqrs.sample.service.CatalogCommandService;
import io.cqrs.sample.service.CatalogQueryService;
import io.cqrs.sample.service.ConsistencyMetadata;
import io.cqrs.sample.service.ServedBy;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The CQRS catalog service: {@code CatalogCommandService} and {@code CatalogQueryService} on one
 * gRPC server, both on Jdbi over one {@link RoutingDataSource} — writes on the source, reads on
 * the replicas, consistency tokens in the {@value ConsistencyMetadata#HEADER} metadata.
 *
 * <pre>
 * SAMPLE_DB_PASSWORD=... java -cp ... io.cqrs.sample.SampleApp --config sample-app/config/existing-servers.properties
 * </pre>
 */
public final class SampleApp implements AutoCloseable {

    public static final String CONFIG_PROPERTY = "sample.config";
    public static final String CONFIG_ENV = "SAMPLE_CONFIG";

    private final RoutingDataSource dataSource;
    private final Server server;
    private final CountDownLatch closed = new CountDownLatch(1);

    private SampleApp(RoutingDataSource dataSource, Server server) {
        this.dataSource = dataSource;
        this.server = server;
    }

    /** Starts on all interfaces at the configured port. */
    public static SampleApp start(SampleConfig config) throws IOException, SQLException {
        return start(config, new InetSocketAddress(config.grpcPort()), List.of());
    }

    /**
     * Starts the service.
     *
     * @param address   where the gRPC server listens (port 0: a free one, see {@link #port()})
     * @param listeners extra routing listeners (the demo's ledger)
     */
    public static SampleApp start(SampleConfig config, InetSocketAddress address, List<RoutingListener> listeners)
            throws IOException, SQLException {
        RoutingConfig.Builder rb = RoutingConfig.from(config.routing());
        listeners.forEach(rb::listener);
        RoutingConfig routing = rb.build();
        RoutingDataSource ds = new RoutingDataSource(routing);
        try {
            Jdbi jdbi = Jdbi.create(ds).installPlugin(RoutingPlugin.create());
            RouterReadYourWrites db = new RouterReadYourWrites(jdbi);
            ServedBy servedBy = new ServedBy();
            ConsistencyMetadata tokens = new ConsistencyMetadata();
            Server server = NettyServerBuilder.forAddress(address)
                    .addService(ServerInterceptors.intercept(new CatalogCommandService(db, servedBy), tokens))
                    .addService(ServerInterceptors.intercept(new CatalogQueryService(db, servedBy), tokens))
                    .build()
                    .start();
            return new SampleApp(ds, server);
        } catch (IOException | RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    public RoutingDataSource dataSource() {
        return dataSource;
    }

    /** Blocks until {@link #close()} ran. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops taking calls, lets running ones finish (up to 5 s), closes the pools. Idempotent. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            dataSource.close();
            closed.countDown();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("sample-app: --config needs a file");
                        return 2;
                    }
                    file = Path.of(args[++i]);
                }
                case "-h", "--help" -> {
                    out.println("usage: sample-app [--config FILE]");
                    out.println("  FILE: properties with cqrs.* (RoutingConfig) and sample.* keys; also " + CONFIG_ENV
                            + " or -D" + CONFIG_PROPERTY + ".");
                    out.println("  Environment variables and -D system properties override the file (CQRS_SOURCE_URL, SAMPLE_GRPC_PORT, ...).");
                    out.println("  Example: sample-app/config/existing-servers.properties");
                    return 0;
                }
                default -> {
                    err.println("sample-app: unknown argument '" + args[i] + "'; see --help (passwords go in password-env/password-file keys, not on the command line)");
                    return 2;
                }
            }
        }
        if (file == null) {
            String f = System.getProperty(CONFIG_PROPERTY, System.getenv(CONFIG_ENV));
            file = f == null ? null : Path.of(f);
        }
        SampleApp app;
        try {
            app = start(SampleConfig.load(file));
        } catch (IllegalArgumentException e) {
            err.println("sample-app: configuration error: " + e.getMessage());
            return 2;
        } catch (IOException | SQLException e) {
            err.println("sample-app: cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-app-shutdown"));
        out.println("sample-app: gRPC on port " + app.port() + " — " + app.dataSource().config().source().name()
                + " + " + app.dataSource().config().replicas().size() + " replica(s); Ctrl-C stops it");
        try {
            app.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
