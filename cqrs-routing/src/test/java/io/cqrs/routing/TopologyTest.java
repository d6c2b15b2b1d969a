package io.cqrs.routing;

import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyTest {

    private static Set<String> readTargets(StubCluster cluster, int reads) throws SQLException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < reads; i++) {
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                seen.add(cluster.where(c));
            }
        }
        return seen;
    }

    @Test
    void addReplica_takesReadsRightAway_withTheSourcesCredentials() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1)) {
            long before = cluster.ds.topology().version();
            cluster.ds.addReplica(EndpointConfig.builder("replica-2").jdbcUrl(cluster.url("replica-2")).build());
            assertThat(cluster.ds.topology().version()).isGreaterThan(before);
            assertThat(cluster.ds.topology().endpoint("replica-2").orElseThrow().config().username()).isEqualTo("app");
            assertThat(readTargets(cluster, 4)).containsExactlyInAnyOrder("replica-1", "replica-2");
            assertThatThrownBy(() -> cluster.ds.addReplica(EndpointConfig.builder("replica-2").jdbcUrl("jdbc:x:y").build()))
                    .hasMessage("endpoint name 'replica-2' is already in use; remove that replica first or choose another name");
        }
    }

    @Test
    void drainReplica_noNewBorrows_existingWorkFinishes() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            Connection inFlight = cluster.ds.getConnection(Route.REPLICA);
            while (!"replica-1".equals(cluster.where(inFlight))) {
                inFlight.close();
                inFlight = cluster.ds.getConnection(Route.REPLICA);
            }
            cluster.ds.drainReplica("replica-1");
            assertThat(cluster.ds.topology().endpoint("replica-1").orElseThrow().status()).isEqualTo(EndpointStatus.DRAINING);
            assertThat(readTargets(cluster, 4)).containsExactly("replica-2");
            assertThat(cluster.where(inFlight)).isEqualTo("replica-1"); // still works
            inFlight.close();
            cluster.ds.activateReplica("replica-1");
            assertThat(readTargets(cluster, 4)).containsExactlyInAnyOrder("replica-1", "replica-2");
        }
    }

    @Test
    void removeReplica_closesItsPoolAfterInFlightWorkReturns() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            HikariPoolMXBean pool = cluster.ds.poolMXBean("replica-2").orElseThrow();
            Connection inFlight = cluster.ds.getConnection(Route.REPLICA);
            while (!"replica-2".equals(cluster.where(inFlight))) {
                inFlight.close();
                inFlight = cluster.ds.getConnection(Route.REPLICA);
            }
            cluster.ds.removeReplica("replica-2");
            assertThat(cluster.ds.topology().replicas()).extracting(EndpointState::name).containsExactly("replica-1");
            assertThat(readTargets(cluster, 4)).containsExactly("replica-1");
            assertThat(pool.getActiveConnections()).isEqualTo(1);
            assertThat(cluster.where(inFlight)).isEqualTo("replica-2"); // in-flight work is not cut off
            inFlight.close();
            assertThat(pool.getTotalConnections()).isZero(); // pool closed on return
            assertThatThrownBy(() -> cluster.ds.removeReplica("replica-2"))
                    .hasMessage("no replica named 'replica-2'; replicas are [replica-1]");
        }
    }

    @Test
    void healthExclusion_isHonoured_andListenersSeeEverySnapshot() throws SQLException {
        List<TopologySnapshot> seen = new ArrayList<>();
        try (StubCluster cluster = StubCluster.start(2, b -> b.listener(new RoutingListener() {
            @Override
            public void onTopologyChange(TopologySnapshot snapshot) {
                seen.add(snapshot);
            }
        }))) {
            cluster.ds.updateHealth("replica-1", EndpointHealth.excluded("breaker open"));
            assertThat(readTargets(cluster, 4)).containsExactly("replica-2");
            assertThat(cluster.ds.topology().eligibleReplicas()).extracting(EndpointState::name).containsExactly("replica-2");
            cluster.ds.updateHealth("replica-1", EndpointHealth.HEALTHY);
            assertThat(readTargets(cluster, 4)).containsExactlyInAnyOrder("replica-1", "replica-2");
            assertThat(seen).hasSize(2);
        }
    }

    @Test
    void closedDataSource_refusesNewConnections() {
        StubCluster cluster = StubCluster.start(0);
        cluster.close();
        assertThatThrownBy(cluster.ds::getConnection).hasMessage("RoutingDataSource is closed");
        assertThatThrownBy(() -> cluster.ds.addReplica(EndpointConfig.builder("r").jdbcUrl("jdbc:x:y").build()))
                .hasMessage("the RoutingDataSource is closed");
    }
}
