package io.cqrs.routing;

import io.cqrs.routing.stub.StubDriver;
import io.cqrs.routing.stub.StubServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** A RoutingDataSource over stub servers: "source" and "replica-1".."replica-N", unique per test. */
final class StubCluster implements AutoCloseable {

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final StubServer source;
    final List<StubServer> replicas = new ArrayList<>();
    final RoutingDataSource ds;

    private StubCluster(int replicaCount, Consumer<RoutingConfig.Builder> customizer) {
        source = StubDriver.server(id + "-source");
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(url("source"), "app", "s3cret")
                .maximumPoolSize(4).minimumIdle(0)
                .connectionTimeout(Duration.ofMillis(250))
                // stub servers answer no lag or GTID queries; tests that need them turn them on
                .lag(LagConfig.disabled())
                .consistency(ConsistencyConfig.disabled());
        for (int i = 1; i <= replicaCount; i++) {
            replicas.add(StubDriver.server(id + "-replica-" + i));
            b.replica(url("replica-" + i));
        }
        customizer.accept(b);
        ds = new RoutingDataSource(b.build());
    }

    static StubCluster start(int replicas) {
        return new StubCluster(replicas, b -> { });
    }

    static StubCluster start(int replicas, Consumer<RoutingConfig.Builder> customizer) {
        return new StubCluster(replicas, customizer);
    }

    String url(String endpoint) {
        return StubDriver.PREFIX + id + "-" + endpoint;
    }

    StubServer server(String endpoint) {
        return StubDriver.server(id + "-" + endpoint);
    }

    StubServer replica(int i) {
        return replicas.get(i - 1);
    }

    /** Runs a query on the connection; returns the endpoint that answered. */
    String where(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getString(1).substring(id.length() + 1);
        }
    }

    /** Active connections of one endpoint's pool. */
    int active(String endpoint) {
        return ds.poolMXBean(endpoint).orElseThrow().getActiveConnections();
    }

    /** Active connections over every pool. */
    int activeEverywhere() {
        TopologySnapshot t = ds.topology();
        int sum = active(t.source().name());
        for (EndpointState r : t.replicas()) {
            sum += active(r.name());
        }
        return sum;
    }

    /** State-changing calls the current thread made on an endpoint (network timeouts left out: HikariCP sets those when it validates). */
    List<String> calls(String endpoint) {
        return server(endpoint).callsBy(Thread.currentThread()).stream()
                .filter(s -> !s.startsWith("setNetworkTimeout")).toList();
    }

    void clearCalls() {
        source.clear();
        replicas.forEach(StubServer::clear);
    }

    @Override
    public void close() {
        ds.close();
    }
}
