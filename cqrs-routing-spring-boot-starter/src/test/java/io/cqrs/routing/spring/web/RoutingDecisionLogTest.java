package io.cqrs.routing.spring.web;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.spring.actuator.RoutingDecisionLog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingDecisionLogTest {

    @Test
    void countsByEndpointOutcomeAndReason_keepsTheMostRecent() {
        RoutingDecisionLog log = new RoutingDecisionLog(3);
        log.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.READ_ONLY, true));
        log.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.READ_ONLY, true));
        log.onExclude(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.LAG_EXCLUDED, true));
        log.onRoute(new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.FALLBACK, true));
        log.onReject(new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.SPILL_REJECTED, true),
                new SQLException("spill", "08004"));
        log.onBreakerTransition("replica-1", CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN);

        assertThat(log.count("replica-1", "routed", RoutingReason.READ_ONLY)).isEqualTo(2);
        assertThat(log.countsByEndpoint()).isEqualTo(Map.of(
                "replica-1", Map.of("routed READ_ONLY", 2L, "excluded LAG_EXCLUDED", 1L),
                "source", Map.of("routed FALLBACK", 1L, "rejected SPILL_REJECTED", 1L)));
        assertThat(log.recent()).extracting(RoutingDecisionLog.Event::reason)
                .containsExactly("FALLBACK", "SPILL_REJECTED", "CLOSED -> OPEN");
        assertThat(log.recent().get(1).detail()).isEqualTo("08004");
    }
}
