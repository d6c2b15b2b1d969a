package io.cqrs.routing.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of every replica's lag, published by the {@link LagMonitor} through a
 * volatile reference; readers never lock.
 *
 * @param replicas    by endpoint name
 * @param publishedAt when this snapshot replaced the previous one
 */
public record LagSnapshot(Map<String, ReplicaLag> replicas, Instant publishedAt) {

    /** Copies the map. */
    public LagSnapshot {
        replicas = Map.copyOf(replicas);
    }

    /** The state of {@code endpoint}, or null when it is not monitored. */
    public ReplicaLag get(String endpoint) {
        return replicas.get(endpoint);
    }

    /** The monitor's verdict under its configured {@code maxLag}, with hysteresis; false for unknown endpoints. */
    public boolean isEligible(String endpoint) {
        ReplicaLag r = replicas.get(endpoint);
        return r != null && r.eligible();
    }

    /** A per-call budget, see {@link ReplicaLag#isWithin(Duration)}; false for unknown endpoints. */
    public boolean isWithin(String endpoint, Duration maxLag) {
        ReplicaLag r = replicas.get(endpoint);
        return r != null && r.isWithin(maxLag);
    }

    /** The names of the eligible replicas, sorted. */
    public List<String> eligibleEndpoints() {
        return replicas.values().stream().filter(ReplicaLag::eligible).map(ReplicaLag::endpoint).sorted().toList();
    }
}
