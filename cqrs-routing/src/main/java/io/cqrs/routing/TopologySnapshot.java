package io.cqrs.routing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoints a {@link RoutingDataSource} routes to, as one immutable value. A new snapshot
 * (with a higher {@code version}) is published on every topology or health change.
 *
 * @param discovery what the last role probe decided and why ({@link DiscoveryConfig}), e.g. why it
 *                  kept the current source; empty when discovery is off or has nothing to say
 */
public record TopologySnapshot(long version, EndpointState source, List<EndpointState> replicas, String discovery) {

    /** Checks that the source is present; copies the replica list. */
    public TopologySnapshot {
        Objects.requireNonNull(source, "source");
        replicas = List.copyOf(replicas);
        discovery = discovery == null ? "" : discovery;
    }

    /** A snapshot without a discovery note. */
    public TopologySnapshot(long version, EndpointState source, List<EndpointState> replicas) {
        this(version, source, replicas, "");
    }

    /** The endpoint with this name, source or replica. */
    public Optional<EndpointState> endpoint(String name) {
        if (source.name().equals(name)) {
            return Optional.of(source);
        }
        for (EndpointState r : replicas) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Replicas that may take new read work right now. */
    public List<EndpointState> eligibleReplicas() {
        return replicas.stream().filter(EndpointState::eligible).toList();
    }
}
