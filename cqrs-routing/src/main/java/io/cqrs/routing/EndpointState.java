package io.cqrs.routing;

import java.util.Objects;

/**
 * One endpoint as seen by routing decisions: its configuration, role, administrative status and
 * health are an immutable snapshot; {@link #load()} is live.
 */
public record EndpointState(EndpointConfig config, EndpointRole role, EndpointStatus status,
                            EndpointHealth health, EndpointLoad load) {

    /** Checks that every part is present. */
    public EndpointState {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(load, "load");
    }

    /** The endpoint's name. */
    public String name() {
        return config.name();
    }

    /** Active and healthy: may be chosen for new work. */
    public boolean eligible() {
        return status == EndpointStatus.ACTIVE && health.eligible();
    }

    /** Why the endpoint is not eligible ("" when it is). */
    public String ineligibleReason() {
        if (status != EndpointStatus.ACTIVE) {
            return status.name().toLowerCase(java.util.Locale.ROOT);
        }
        return health.eligible() ? "" : health.reason();
    }
}
