package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.ReplicaSelector;

import java.util.List;

/** The candidate with the lowest measured lag; unknown lag counts as the highest; ties take turns. */
public final class LowestLagSelector implements ReplicaSelector {

    private final MinimumTakingTurns minimum = new MinimumTakingTurns(s -> {
        long lag = s.load().lagNanos();
        return lag < 0 ? Long.MAX_VALUE : lag;
    });

    @Override
    public int select(List<EndpointState> candidates) {
        return minimum.select(candidates);
    }
}
