package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * What each source of truth last said about one endpoint: the operator (status, external veto),
 * the lag monitor and the circuit breaker. Immutable; the topology manager replaces it when one of
 * them speaks, and {@link ExclusionFilter} turns it into the routing verdict.
 *
 * @param status        ACTIVE or DRAINING ({@link io.cqrs.routing.RoutingDataSource#drainReplica})
 * @param veto          {@link EndpointHealth#HEALTHY}, or an external exclusion ({@code updateHealth})
 * @param lagOk         the lag monitor lets the replica take reads under the DataSource's max lag
 *                      (always true for the source and for replicas it does not monitor)
 * @param lagDetail     what the monitor measured, for the verdict's reason
 * @param breaker       the circuit breaker's state after its last transition
 * @param breakerDetail the breaker's story for the verdict's reason ("" while closed)
 * @param responsive    the lag monitor's probes get answers (always true for the source and for
 *                      replicas it does not monitor); false from a probe that found the replica
 *                      silent or unreachable until one answers and the pool gives a connection again
 * @param responsiveDetail why it is unresponsive ("" while responsive)
 */
record EndpointFacts(EndpointStatus status, EndpointHealth veto, boolean lagOk, String lagDetail,
                     CircuitBreaker.State breaker, String breakerDetail, boolean responsive, String responsiveDetail) {

    /** A new endpoint: active, no veto, not yet measured (given the benefit of the doubt), breaker closed. */
    static final EndpointFacts INITIAL = new EndpointFacts(EndpointStatus.ACTIVE, EndpointHealth.HEALTHY, true,
            "not measured yet", CircuitBreaker.State.CLOSED, "", true, "");

    EndpointFacts withStatus(EndpointStatus s) {
        return new EndpointFacts(s, veto, lagOk, lagDetail, breaker, breakerDetail, responsive, responsiveDetail);
    }

    EndpointFacts withVeto(EndpointHealth h) {
        return new EndpointFacts(status, h, lagOk, lagDetail, breaker, breakerDetail, responsive, responsiveDetail);
    }

    EndpointFacts withLag(boolean ok, String detail) {
        return new EndpointFacts(status, veto, ok, detail, breaker, breakerDetail, responsive, responsiveDetail);
    }

    EndpointFacts withBreaker(CircuitBreaker.State s, String detail) {
        return new EndpointFacts(status, veto, lagOk, lagDetail, s, detail, responsive, responsiveDetail);
    }

    EndpointFacts withResponsive(boolean r, String detail) {
        return new EndpointFacts(status, veto, lagOk, lagDetail, breaker, breakerDetail, r, r ? "" : detail);
    }

    /**
     * Active, not vetoed and answering its probes: routable when lag does not count (bounded-staleness
     * reads check their own budget). An unresponsive replica takes no read of any kind, not even a
     * degraded one: it would hang it.
     */
    boolean routable() {
        return status == EndpointStatus.ACTIVE && veto.eligible() && responsive;
    }
}
