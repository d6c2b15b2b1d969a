package io.cqrs.routing;

/** Administrative status of an endpoint, set through {@link RoutingDataSource}. */
public enum EndpointStatus {
    /** Takes new borrows (if its health also allows). */
    ACTIVE,
    /** Takes no new borrows; physical connections already borrowed finish their work. */
    DRAINING
}
