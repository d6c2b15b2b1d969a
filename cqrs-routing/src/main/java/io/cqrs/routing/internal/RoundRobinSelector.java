package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.ReplicaSelector;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate in turn (one shared counter; the list may change between calls). */
public final class RoundRobinSelector implements ReplicaSelector {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public int select(List<EndpointState> candidates) {
        return Math.floorMod(next.getAndIncrement(), candidates.size());
    }
}
