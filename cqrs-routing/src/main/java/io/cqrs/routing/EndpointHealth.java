package io.cqrs.routing;

import java.util.Objects;

/**
 * What monitors know about an endpoint's fitness to serve reads. Published in the topology
 * snapshot and consulted, lock-free, on every replica choice.
 *
 * <p>Nothing in this version sets it except {@link RoutingDataSource#updateHealth}; the lag
 * monitor and circuit breakers of a later version will.
 *
 * @param eligible whether the endpoint may be chosen for reads
 * @param reason   why not (or a short note), shown in errors and listener events; never null
 */
public record EndpointHealth(boolean eligible, String reason) {

    /** Eligible, nothing to say. */
    public static final EndpointHealth HEALTHY = new EndpointHealth(true, "");

    /** Checks that the reason is present. */
    public EndpointHealth {
        Objects.requireNonNull(reason, "reason");
    }

    /** Not eligible, for {@code reason}. */
    public static EndpointHealth excluded(String reason) {
        return new EndpointHealth(false, reason);
    }
}
