package io.cqrs.routing.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** Told about every breaker state change; exceptions it throws are logged and swallowed. */
@FunctionalInterface
public interface BreakerListener {

    /** Ignores every transition. */
    BreakerListener NONE = (endpoint, from, to) -> { };

    /** An endpoint's breaker moved from one state to another. */
    void onStateTransition(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to);
}
