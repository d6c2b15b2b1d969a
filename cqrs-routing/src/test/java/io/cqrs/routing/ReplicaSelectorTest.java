package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReplicaSelectorTest {

    private static List<EndpointState> candidates(int[] weights, int[] loads) {
        List<EndpointState> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            int load = loads[i];
            out.add(new EndpointState(EndpointConfig.builder("replica-" + (i + 1)).jdbcUrl("jdbc:stub:x").weight(weights[i]).build(),
                    EndpointRole.REPLICA, EndpointStatus.ACTIVE, EndpointHealth.HEALTHY, () -> load));
        }
        return out;
    }

    @Test
    void roundRobin_isExactlyEven() {
        ReplicaSelector s = ReplicaSelector.roundRobin();
        List<EndpointState> c = candidates(new int[]{1, 1, 1}, new int[]{0, 0, 0});
        int[] counts = new int[3];
        for (int i = 0; i < 3000; i++) {
            counts[s.select(c)]++;
        }
        assertThat(counts).containsExactly(1000, 1000, 1000);
    }

    @Test
    void weightedRandom_followsWeights() {
        ReplicaSelector s = ReplicaSelector.weightedRandom();
        List<EndpointState> c = candidates(new int[]{1, 3}, new int[]{0, 0});
        int[] counts = new int[2];
        for (int i = 0; i < 40_000; i++) {
            counts[s.select(c)]++;
        }
        assertThat(counts[0] / 40_000.0).isCloseTo(0.25, within(0.02));
    }

    @Test
    void leastInFlight_picksTheLeastLoaded_tiesTakeTurns() {
        ReplicaSelector s = ReplicaSelector.leastInFlight();
        assertThat(s.select(candidates(new int[]{1, 1, 1}, new int[]{5, 2, 7}))).isEqualTo(1);
        List<EndpointState> tie = candidates(new int[]{1, 1}, new int[]{3, 3});
        int[] counts = new int[2];
        for (int i = 0; i < 100; i++) {
            counts[s.select(tie)]++;
        }
        assertThat(counts).containsExactly(50, 50);
    }

    @Test
    void named_acceptsThePropertyValues() {
        assertThat(ReplicaSelector.named("least-in-flight").getClass().getSimpleName()).isEqualTo("LeastInFlightSelector");
        assertThat(ReplicaSelector.named("lowest-lag").getClass().getSimpleName()).isEqualTo("LowestLagSelector");
        assertThatThrownBy(() -> ReplicaSelector.named("random"))
                .hasMessage("cqrs.routing.selector = 'random' is not a selector; use round-robin, weighted-random, least-in-flight or lowest-lag");
    }

    @Test
    void roundRobinThroughTheDataSource_spreadsReadsEvenly() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                try (Connection c = cluster.ds.getConnection()) {
                    c.setReadOnly(true);
                    counts.merge(cluster.where(c), 1, Integer::sum);
                }
            }
            assertThat(counts).containsOnly(Map.entry("replica-1", 50), Map.entry("replica-2", 50));
        }
    }

    @Test
    void leastInFlightThroughTheDataSource_avoidsTheBusyReplica() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2, b -> b.selector(ReplicaSelector.leastInFlight()))) {
            Connection busy = cluster.ds.getConnection();
            busy.setReadOnly(true);
            String busyOn = cluster.where(busy);
            for (int i = 0; i < 5; i++) {
                try (Connection c = cluster.ds.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(cluster.where(c)).isNotEqualTo(busyOn);
                }
            }
            busy.close();
        }
    }
}
