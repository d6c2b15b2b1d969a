package io.cqrs.routing;

import io.cqrs.routing.internal.LeastInFlightSelector;
import io.cqrs.routing.internal.LowestLagSelector;
import io.cqrs.routing.internal.RoundRobinSelector;
import io.cqrs.routing.internal.WeightedRandomSelector;

import java.util.List;

/**
 * Chooses the replica for a read among the currently eligible ones. Called on every replica
 * borrow: must be fast, lock-free and thread-safe.
 */
@FunctionalInterface
public interface ReplicaSelector {

    /**
     * @param candidates the eligible replicas, never empty, in configuration order
     * @return the index of the chosen candidate, {@code 0 <= i < candidates.size()}; an index out
     *         of range is treated as 0
     */
    int select(List<EndpointState> candidates);

    /** Each replica in turn. */
    static ReplicaSelector roundRobin() {
        return new RoundRobinSelector();
    }

    /** At random, in proportion to {@link EndpointConfig#weight()}. */
    static ReplicaSelector weightedRandom() {
        return new WeightedRandomSelector();
    }

    /** The replica with the fewest borrowed physical connections (ties take turns). */
    static ReplicaSelector leastInFlight() {
        return new LeastInFlightSelector();
    }

    /**
     * The replica with the lowest measured lag ({@link EndpointLoad#lagNanos()}); replicas with
     * unknown lag come last; ties take turns.
     */
    static ReplicaSelector lowestLag() {
        return new LowestLagSelector();
    }

    /**
     * The selector for a {@code cqrs.routing.selector} value: {@code round-robin},
     * {@code weighted-random}, {@code least-in-flight}, {@code lowest-lag}.
     *
     * @throws IllegalArgumentException for any other name
     */
    static ReplicaSelector named(String name) {
        switch (name.trim()) {
            case "round-robin":
                return roundRobin();
            case "weighted-random":
                return weightedRandom();
            case "least-in-flight":
                return leastInFlight();
            case "lowest-lag":
                return lowestLag();
            default:
                throw new IllegalArgumentException(RoutingConfig.KEY_SELECTOR + " = '" + name
                        + "' is not a selector; use round-robin, weighted-random, least-in-flight or lowest-lag");
        }
    }
}
