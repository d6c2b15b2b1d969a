package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerTest {

    @Test
    void throwingListenersAndHooks_neverBreakTheCall() throws SQLException {
        RoutingListener bad = new RoutingListener() {
            @Override
            public void onRoute(RoutingDecision decision) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onBorrowFailure(String endpoint, EndpointRole role, SQLException failure) {
                throw new AssertionError("listener bug");
            }
        };
        try (StubCluster cluster = StubCluster.start(2, b -> b.listener(bad).commitHook(ctx -> {
            throw new SQLException("hook bug");
        }))) {
            cluster.replica(1).refuse(true);
            for (int i = 0; i < 2; i++) {
                try (Connection c = cluster.ds.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(cluster.where(c)).isEqualTo("replica-2");
                }
            }
            try (Connection c = cluster.ds.getConnection()) {
                c.setAutoCommit(false);
                cluster.where(c);
                c.commit();
            }
        }
    }

    @Test
    void decisionsCarryTheirReasons() throws SQLException {
        List<RoutingDecision> decisions = new ArrayList<>();
        try (StubCluster cluster = StubCluster.start(1, b -> b.listener(new RoutingListener() {
            @Override
            public void onRoute(RoutingDecision d) {
                decisions.add(d);
            }
        }))) {
            try (Connection c = cluster.ds.getConnection()) {
                cluster.where(c);
                c.setReadOnly(true);
                cluster.where(c);
            }
            try (RoutingScope s = RoutingScope.forceSource(); Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                cluster.where(c);
            }
            try (Connection c = cluster.ds.getConnection(Route.REPLICA)) {
                cluster.where(c);
            }
            cluster.ds.drainReplica("replica-1");
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                cluster.where(c);
            }
        }
        assertThat(decisions).containsExactly(
                new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.READ_WRITE, false),
                new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.READ_ONLY, true),
                new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.FORCED_SOURCE, true),
                new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.FORCED_REPLICA, false),
                new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.FALLBACK, true));
    }

    @Test
    void commitHook_runsAfterSourceWrites_only() throws SQLException {
        List<String> commits = new ArrayList<>();
        try (StubCluster cluster = StubCluster.start(1, b -> b.commitHook(ctx ->
                commits.add(ctx.endpoint() + (ctx.autoCommit() ? ":auto" : ":tx") + ":" + ctx.connection().isClosed())))) {
            try (Connection c = cluster.ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT 1");
                }
                c.commit();
                c.commit(); // nothing done since: no hook
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT 2");
                }
                c.setAutoCommit(true); // commits too
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT 3");
                }
            }
            try (Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                c.setAutoCommit(false);
                cluster.where(c);
                c.commit(); // a replica transaction: no hook
            }
        }
        assertThat(commits).containsExactly("source:tx:false", "source:tx:false", "source:auto:false");
    }
}
