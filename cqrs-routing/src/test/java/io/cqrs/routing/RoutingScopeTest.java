package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingScopeTest {

    @Test
    void scopesNest_andRestoreOnClose() {
        assertThat(RoutingScope.currentRoute()).isEqualTo(Route.AUTO);
        try (RoutingScope outer = RoutingScope.forceSource()) {
            assertThat(RoutingScope.currentRoute()).isEqualTo(Route.SOURCE);
            assertThat(RoutingScope.currentConsistency()).isEqualTo(ConsistencyLevel.STRONG);
            try (RoutingScope inner = RoutingScope.consistency(ConsistencyLevel.BOUNDED_STALENESS)) {
                assertThat(RoutingScope.currentRoute()).isEqualTo(Route.AUTO);
                assertThat(RoutingScope.currentConsistency()).isEqualTo(ConsistencyLevel.BOUNDED_STALENESS);
            }
            assertThat(RoutingScope.currentRoute()).isEqualTo(Route.SOURCE);
        }
        assertThat(RoutingScope.currentRoute()).isEqualTo(Route.AUTO);
        assertThat(RoutingScope.currentConsistency()).isEqualTo(ConsistencyLevel.EVENTUAL);
    }

    @Test
    void closingOutOfOrder_isRefused() {
        RoutingScope outer = RoutingScope.forceSource();
        RoutingScope inner = RoutingScope.route(Route.REPLICA);
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("RoutingScope closed while an inner scope is still open; close scopes in reverse order (use try-with-resources)");
        inner.close();
        inner.close(); // idempotent
        outer.close();
        assertThat(RoutingScope.currentRoute()).isEqualTo(Route.AUTO);
    }

    @Test
    void forceSource_sendsReadOnlyWorkToTheSource_explicitRouteWins() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1)) {
            try (RoutingScope s = RoutingScope.forceSource()) {
                try (Connection c = cluster.ds.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(cluster.where(c)).isEqualTo("source");
                }
                try (Connection c = cluster.ds.getConnection(Route.REPLICA)) {
                    assertThat(cluster.where(c)).isEqualTo("replica-1");
                }
            }
            try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.READ_YOUR_WRITES); Connection c = cluster.ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(cluster.where(c)).isEqualTo("replica-1"); // reserved level: routes like EVENTUAL for now
            }
        }
    }

    @Test
    void scopeIsReadAtBorrowTime() throws SQLException {
        try (StubCluster cluster = StubCluster.start(1)) {
            Connection c = cluster.ds.getConnection(); // obtained outside the scope
            c.setReadOnly(true);
            try (RoutingScope s = RoutingScope.forceSource()) {
                assertThat(cluster.where(c)).isEqualTo("source");
            }
            c.close();
        }
    }
}
