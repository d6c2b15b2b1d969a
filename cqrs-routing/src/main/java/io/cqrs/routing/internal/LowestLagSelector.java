package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.ReplicaSelector;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The candidate with the lowest measured lag; unknown lag counts as the highest; ties take turns. */
public final class LowestLagSelector implements ReplicaSelector {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int select(List<EndpointState> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return 0;
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        int best = start;
        long bestLag = Long.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            long lag = candidates.get(i).load().lagNanos();
            long key = lag < 0 ? Long.MAX_VALUE : lag;
            if (key < bestLag) {
                best = i;
                bestLag = key;
            }
        }
        return best;
    }
}
