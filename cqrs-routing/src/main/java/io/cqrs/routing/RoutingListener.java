package io.cqrs.routing;

import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.sql.SQLException;

/**
 * Observes routing. Routing calls are made synchronously on the caller's thread, monitor calls on
 * the monitor's thread, so keep them cheap. An exception thrown by a listener is logged and never
 * reaches the JDBC caller.
 */
public interface RoutingListener {

    /** A physical connection was borrowed for a logical one. */
    default void onRoute(RoutingDecision decision) {
    }

    /** An endpoint was skipped for one borrow ({@link RoutingReason#LAG_EXCLUDED}, {@link RoutingReason#BREAKER_OPEN}). */
    default void onExclude(RoutingDecision decision) {
    }

    /**
     * A borrow was refused without asking the endpoint ({@link RoutingReason#SPILL_REJECTED},
     * {@link RoutingReason#BREAKER_OPEN} on the source); {@code error} is what the caller gets.
     */
    default void onReject(RoutingDecision decision, SQLException error) {
    }

    /** An endpoint's pool could not give a connection (the router may still fail over). */
    default void onBorrowFailure(String endpoint, EndpointRole role, SQLException failure) {
    }

    /** A new topology snapshot was published (replica added, removed, drained, health changed). */
    default void onTopologyChange(TopologySnapshot snapshot) {
    }

    /** The lag monitor measured (or failed to measure) a replica. */
    default void onLagSample(ReplicaLag lag) {
    }

    /** A replica became eligible or ineligible by lag. */
    default void onLagEligibilityChange(ReplicaLag lag) {
    }

    /** An endpoint's circuit breaker changed state. */
    default void onBreakerTransition(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
    }
}
