package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /** A cluster whose routing decisions are appended to {@code decisions}. */
    private static StubCluster recording(int replicas, List<RoutingDecision> decisions) {
        return StubCluster.start(replicas, b -> b.listener(new RoutingListener() {
            @Override
            public void onRoute(RoutingDecision d) {
                decisions.add(d);
            }
        }));
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
        try (StubCluster cluster = recording(2, decisions)) {
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
    void killedReplica_readsMoveOnWithoutError() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            for (int i = 0; i < 4; i++) {
                read(cluster); // both pools now hold idle connections, used in the last 500 ms
            }
            cluster.replica(1).kill();
            // HikariCP hands out a connection used in the last 500 ms without validating it: the first
            // statement of such a read fails at the connection level and moves to another endpoint
            for (int i = 0; i < 6; i++) {
                assertThat(read(cluster)).isIn("replica-2", "source");
            }
        }
    }

    @Test
    void firstReadFailsOnDeadReplica_movesWithItsParameters_reasonFailover() throws SQLException {
        List<RoutingDecision> decisions = new ArrayList<>();
        try (StubCluster cluster = recording(1, decisions)) {
            read(cluster);
            cluster.replica(1).kill();
            decisions.clear();
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT @@server_id")) {
                    ps.setMaxRows(7);
                    ps.setInt(1, 42);
                    ps.setString(2, "x");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo(cluster.id + "-source");
                    }
                    assertThat(ps.getConnection()).isSameAs(c);
                }
                assertThat(((RoutedConnection) c).currentEndpoint()).isEqualTo("source");
            }
            assertThat(cluster.calls("source")).contains("setMaxRows(7)", "param:1=42", "param:2=x");
            assertThat(decisions).extracting(RoutingDecision::reason).containsExactly(RoutingReason.READ_ONLY, RoutingReason.FALLBACK);
        }
    }

    @Test
    void statementCreationFailsOnDeadReplica_readMovesBeforeAnythingRan() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            cluster.replica(1).statementsNeedServer(true);
            for (int i = 0; i < 4; i++) {
                read(cluster);
            }
            cluster.replica(1).kill();
            for (int i = 0; i < 4; i++) {
                assertThat(read(cluster)).isEqualTo("replica-2");
            }
        }
    }

    @Test
    void customFailureClassifier_decidesWhatCountsAgainstAnEndpoint() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1, b -> b.failureClassifier(error -> false))) {
            read(cluster);
            cluster.replica(1).kill();
            // nothing counts against the replica: its first read does not move, its breaker never opens
            assertThatThrownBy(() -> read(cluster)).isInstanceOf(SQLException.class)
                    .extracting(t -> ((SQLException) t).getSQLState()).isEqualTo("08S01");
            for (int i = 0; i < 10; i++) {
                assertThat(read(cluster)).isEqualTo("source"); // the borrow itself still fails over
            }
            assertThat(cluster.ds.breakerStates().get("replica-1"))
                    .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
        }
        try (StubCluster cluster = StubCluster.start(1)) {
            read(cluster);
            cluster.replica(1).kill();
            for (int i = 0; i < 10; i++) {
                assertThat(read(cluster)).isEqualTo("source");
            }
            assertThat(cluster.ds.breakerStates().get("replica-1"))
                    .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void failureAfterTheFirstStatement_isTheCallersError() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                String first = cluster.where(c);
                cluster.server(first).kill();
                // a result already reached the caller: running the read elsewhere could mix two servers' answers
                assertThatThrownBy(() -> cluster.where(c)).isInstanceOf(SQLException.class)
                        .extracting(t -> ((SQLException) t).getSQLState()).isEqualTo("08S01");
            }
        }
    }

    @Test
    void readWriteWorkOnDeadSource_isNotRetried() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1)) {
            try (Connection c = cluster.ds.getConnection()) {
                cluster.where(c);
            }
            cluster.server("source").kill();
            try (Connection c = cluster.ds.getConnection()) {
                assertThatThrownBy(() -> cluster.where(c)).isInstanceOf(SQLException.class)
                        .extracting(t -> ((SQLException) t).getSQLState()).isEqualTo("08S01");
            }
        }
    }

    @Test
    void firstReadWithAStreamParameter_isNotRetried() throws SQLException {
        try (StubCluster cluster = StubCluster.start(2)) {
            read(cluster);
            read(cluster);
            cluster.replica(1).kill();
            cluster.replica(2).kill();
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT @@server_id")) {
                    ps.setBinaryStream(1, new java.io.ByteArrayInputStream(new byte[]{1}));
                    assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class)
                            .extracting(t -> ((SQLException) t).getSQLState()).isEqualTo("08S01");
                }
            }
        }
    }

    @Test
    void firstReadFails_andNothingElseCanServe_callerGetsTheOriginalFailure() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1, b -> b.fallbackToSource(false))) {
            read(cluster);
            cluster.replica(1).kill();
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                SQLException e = catchThrowableOfType(() -> cluster.where(c), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("08S01");
                assertThat(e.getMessage()).contains("died");
                assertThat(e.getSuppressed()).singleElement().isInstanceOf(NoEndpointAvailableException.class);
            }
        }
    }
}
