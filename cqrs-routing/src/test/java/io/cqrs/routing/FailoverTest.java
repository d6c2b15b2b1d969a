package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FailoverTest {

    private static String read(StubCluster cluster) throws SQLException {
        try (Connection c = cluster.ds.getConnection()) {
            c.setReadOnly(true);
            return cluster.where(c);
        }
    }

    @Test
    void startsWhileEveryEndpointIsDown() {
        StubCluster probe = StubCluster.start(0);
        probe.close();
        // refuse before the pools exist
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        io.cqrs.routing.stub.StubDriver.server(id + "-down").refuse(true);
        try (RoutingDataSource ds = new RoutingDataSource(RoutingConfig.builder()
                .source("jdbc:stub:" + id + "-down", "u", "p").build())) {
            assertThat(ds.topology().source().name()).isEqualTo("source");
        }
    }

    @Test
    void chosenReplicaRefuses_nextReplicaServes_reasonFailover() throws SQLException {
        List<RoutingDecision> decisions = new ArrayList<>();
        try (StubCluster cluster = StubCluster.start(2, b -> b.listener(new RoutingListener() {
            @Override
            public void onRoute(RoutingDecision d) {
                decisions.add(d);
            }
        }))) {
            cluster.replica(1).refuse(true);
            for (int i = 0; i < 4; i++) {
                assertThat(read(cluster)).isEqualTo("replica-2");
            }
            assertThat(decisions).extracting(RoutingDecision::reason)
                    .containsExactly(RoutingReason.FAILOVER, RoutingReason.READ_ONLY, RoutingReason.FAILOVER, RoutingReason.READ_ONLY);
        }
    }

    @Test
    void allReplicasDown_readsFallBackToSource() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            cluster.replica(1).kill();
            cluster.replica(2).kill();
            assertThat(read(cluster)).isEqualTo("source");
            assertThat(cluster.activeEverywhere()).isZero();
        }
    }

    @Test
    void allReplicasDown_fallbackOff_errorNamesEveryReplicaAndWhy() {
        try (StubCluster cluster = StubCluster.start(2, b -> b.fallbackToSource(false))) {
            cluster.replica(1).refuse(true);
            cluster.replica(2).refuse(true);
            NoEndpointAvailableException e = catchThrowableOfType(() -> read(cluster), NoEndpointAvailableException.class);
            assertThat(e.getMessage())
                    .startsWith("No endpoint could serve a read-only connection (fallback to the source is off:"
                            + " cqrs.routing.fallback-to-source=false); tried replica-")
                    .contains("replica-1 (replica: ", "replica-2 (replica: ", ", then ",
                            "Connection refused: stub server '" + cluster.id + "-replica-1' is down [08S01]")
                    .doesNotContain("source (");
            assertThat(e.getSQLState()).isEqualTo("08S01");
            assertThat(e.attempts()).extracting(NoEndpointAvailableException.Attempt::endpoint)
                    .containsExactlyInAnyOrder("replica-1", "replica-2");
            assertThat(e.getCause()).isInstanceOf(SQLException.class);
            assertThat(e.getSuppressed()).hasSize(1);
        }
    }

    @Test
    void everythingDown_errorNamesReplicasThenSource() {
        try (StubCluster cluster = StubCluster.start(1)) {
            cluster.replica(1).refuse(true);
            cluster.source.refuse(true);
            NoEndpointAvailableException e = catchThrowableOfType(() -> read(cluster), NoEndpointAvailableException.class);
            assertThat(e.getMessage()).matches("No endpoint could serve a read-only connection; tried replica-1 \\(replica: .*"
                    + "\\), then source \\(source: .*Connection refused: stub server '.*-source' is down \\[08S01]\\)");
            assertThat(e.getSuppressed()).hasSize(1);
        }
    }

    @Test
    void sourceDown_writesFailFast_readsKeepWorking() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1)) {
            cluster.source.refuse(true);
            assertThat(read(cluster)).isEqualTo("replica-1");
            try (Connection c = cluster.ds.getConnection()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> cluster.where(c))
                        .isInstanceOf(NoEndpointAvailableException.class)
                        .hasMessageStartingWith("No endpoint could serve a read-write connection; tried source (source: ")
                        .extracting(t -> ((SQLException) t).getSQLState()).isEqualTo("08S01");
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
            }
        }
    }

    @Test
    void drainedAndUnhealthyReplicas_areListedAsNotEligible() {
        try (StubCluster cluster = StubCluster.start(2, b -> b.fallbackToSource(false))) {
            cluster.ds.drainReplica("replica-1");
            cluster.ds.updateHealth("replica-2", EndpointHealth.excluded("lag 12s > budget 5s"));
            assertThatThrownBy(() -> read(cluster))
                    .isInstanceOf(NoEndpointAvailableException.class)
                    .hasMessage("No endpoint could serve a read-only connection (fallback to the source is off:"
                            + " cqrs.routing.fallback-to-source=false); tried replica-1 (replica: not eligible: draining),"
                            + " then replica-2 (replica: not eligible: lag 12s > budget 5s)")
                    .extracting(t -> ((SQLException) t).getSQLState()).isEqualTo("08001");
        }
    }

    @Test
    void noReplicasConfigured_readsGoToSource() throws SQLException {
        try (StubCluster cluster = StubCluster.start(0)) {
            assertThat(read(cluster)).isEqualTo("source");
        }
    }

    @Test
    void killedReplica_readsMoveOnWithoutError() throws SQLException, InterruptedException {
        try (StubCluster cluster = StubCluster.start(2)) {
            for (int i = 0; i < 4; i++) {
                read(cluster); // both pools now hold idle connections
            }
            cluster.replica(1).kill();
            // HikariCP hands out a connection used in the last 500 ms without validating it (its alive-bypass
            // window); past that, the dead idle connections are found and evicted at borrow time
            Thread.sleep(600);
            for (int i = 0; i < 6; i++) {
                assertThat(read(cluster)).isIn("replica-2", "source");
            }
        }
    }
}
