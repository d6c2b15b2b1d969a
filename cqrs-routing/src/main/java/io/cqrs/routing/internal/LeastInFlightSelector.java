package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.ReplicaSelector;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The candidate with the fewest borrowed physical connections; ties take turns. */
public final class LeastInFlightSelector implements ReplicaSelector {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int select(List<EndpointState> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return 0;
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        int best = start;
        int bestLoad = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            int load = candidates.get(i).load().inFlight();
            if (load < bestLoad) {
                best = i;
                bestLoad = load;
            }
        }
        return best;
    }
}
