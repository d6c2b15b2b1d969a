package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.RoutingScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoleRuleTest {

    @Test
    void readOnlyFlag_sendsWorkToAReplica_everythingElseToTheSource() {
        assertThat(RoleRule.role(Route.AUTO, null, true)).isEqualTo(EndpointRole.REPLICA);
        assertThat(RoleRule.role(Route.AUTO, null, false)).isEqualTo(EndpointRole.SOURCE);
        assertThat(RoleRule.reason(EndpointRole.REPLICA, true)).isEqualTo(RoutingReason.READ_ONLY);
        assertThat(RoleRule.reason(EndpointRole.SOURCE, false)).isEqualTo(RoutingReason.READ_WRITE);
    }

    @Test
    void scope_beatsTheReadOnlyFlag() {
        try (RoutingScope s = RoutingScope.forceSource()) {
            assertThat(RoleRule.role(Route.AUTO, s, true)).isEqualTo(EndpointRole.SOURCE);
            assertThat(RoleRule.reason(EndpointRole.SOURCE, true)).isEqualTo(RoutingReason.FORCED_SOURCE);
        }
        try (RoutingScope s = RoutingScope.route(Route.REPLICA)) {
            assertThat(RoleRule.role(Route.AUTO, s, false)).isEqualTo(EndpointRole.REPLICA);
            assertThat(RoleRule.reason(EndpointRole.REPLICA, false)).isEqualTo(RoutingReason.FORCED_REPLICA);
        }
        try (RoutingScope s = RoutingScope.consistency(ConsistencyLevel.EVENTUAL)) {
            assertThat(RoleRule.role(Route.AUTO, s, true)).as("a scope without a route leaves it to the flag")
                    .isEqualTo(EndpointRole.REPLICA);
        }
    }

    @Test
    void explicitConnectionRoute_beatsTheScope() {
        try (RoutingScope s = RoutingScope.forceSource()) {
            assertThat(RoleRule.role(Route.REPLICA, s, true)).isEqualTo(EndpointRole.REPLICA);
        }
        try (RoutingScope s = RoutingScope.route(Route.REPLICA)) {
            assertThat(RoleRule.role(Route.SOURCE, s, true)).isEqualTo(EndpointRole.SOURCE);
        }
    }

    @Test
    void aWrite_neverGoesToAReplica_unlessTheCallerForcesTheRoute() {
        assertThat(RoleRule.role(Route.AUTO, null, false)).isEqualTo(EndpointRole.SOURCE);
        assertThat(RoleRule.role(Route.SOURCE, null, false)).isEqualTo(EndpointRole.SOURCE);
        assertThat(RoleRule.role(Route.REPLICA, null, false)).isEqualTo(EndpointRole.REPLICA);
    }
}
