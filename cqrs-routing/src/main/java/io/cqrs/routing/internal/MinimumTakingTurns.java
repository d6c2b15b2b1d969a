package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/** The candidate with the smallest key; among equal keys, successive calls start from the next candidate. */
final class MinimumTakingTurns {

    private final AtomicInteger rotation = new AtomicInteger();
    private final ToLongFunction<EndpointState> key;

    MinimumTakingTurns(ToLongFunction<EndpointState> key) {
        this.key = key;
    }

    int select(List<EndpointState> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return 0;
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        int best = start;
        long bestKey = Long.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            long v = key.applyAsLong(candidates.get(i));
            if (v < bestKey) {
                best = i;
                bestKey = v;
            }
        }
        return best;
    }
}
