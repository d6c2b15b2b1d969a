package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.LagConfig;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.stub.StubDriver;
import io.cqrs.routing.stub.StubServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A first read's registration as movable work ({@link MovableWork}) ends with the read, however it ends. */
class FirstReadWatchTest {

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void firstReadFailingOnABrokenConnection_leavesNothingRegistered() throws SQLException {
        StubServer replica = StubDriver.server(id + "-replica-1");
        StubDriver.server(id + "-source");
        TopologyManager tm = new TopologyManager(RoutingConfig.builder()
                .source(StubDriver.PREFIX + id + "-source", "app", "s3cret")
                .replica(StubDriver.PREFIX + id + "-replica-1")
                .maximumPoolSize(4).minimumIdle(0)
                .connectionTimeout(Duration.ofMillis(250))
                .lag(LagConfig.disabled())
                .consistency(ConsistencyConfig.disabled())
                .build());
        try {
            assertThat(read(tm)).isEqualTo(id + "-replica-1"); // its pool keeps a connection used in the last 500 ms
            replica.kill();
            // HikariCP hands that connection out unchecked; the first statement fails at the connection level,
            // HikariCP swaps the connection under its proxy for a closed one, and the read moves
            assertThat(read(tm)).isEqualTo(id + "-source");
            EndpointRuntime rt = tm.router().runtime().topology().runtime("replica-1");
            assertThat(rt.abortMovableWork()).as("registrations left on the replica").isZero();
        } finally {
            tm.close();
        }
    }

    private static String read(TopologyManager tm) throws SQLException {
        try (Connection c = new LogicalConnection(tm.router().spec(Route.AUTO))) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT @@server_id"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
