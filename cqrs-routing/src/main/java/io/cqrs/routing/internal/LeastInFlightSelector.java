package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.ReplicaSelector;

import java.util.List;

/** The candidate with the fewest borrowed physical connections; ties take turns. */
public final class LeastInFlightSelector implements ReplicaSelector {

    private final MinimumTakingTurns minimum = new MinimumTakingTurns(s -> s.load().inFlight());

    @Override
    public int select(List<EndpointState> candidates) {
        return minimum.select(candidates);
    }
}
