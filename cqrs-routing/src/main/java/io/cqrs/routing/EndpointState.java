package io.cqrs.routing;

import java.util.Objects;

/**
 * One endpoint as the router sees it: its configuration, role, administrative status and routing
 * verdict ({@link #health()}) are an immutable snapshot; {@link #load()} is live.
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

    /** The routing verdict: {@link EndpointHealth.Verdict#ELIGIBLE}, or what keeps the endpoint out. */
    public EndpointHealth.Verdict verdict() {
        return health.verdict();
    }

    /** May be chosen for new work. */
    public boolean eligible() {
        return health.eligible();
    }

    /** Why the endpoint is not eligible ("" when it is). */
    public String ineligibleReason() {
        return health.eligible() ? "" : health.reason();
    }
}
