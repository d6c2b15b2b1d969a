package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.ReplicaSelector;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** At random in proportion to each candidate's weight. */
public final class WeightedRandomSelector implements ReplicaSelector {

    @Override
    public int select(List<EndpointState> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return 0;
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += candidates.get(i).config().weight();
        }
        int r = ThreadLocalRandom.current().nextInt(total);
        for (int i = 0; i < n; i++) {
            r -= candidates.get(i).config().weight();
            if (r < 0) {
                return i;
            }
        }
        return n - 1;
    }
}
