package io.cqrs.routing;

/**
 * One routing decision, reported to {@link RoutingListener#onRoute} after the physical connection
 * was borrowed. Built only when a listener is registered.
 *
 * @param endpoint the endpoint that gave the connection
 * @param role     its role
 * @param reason   why it was chosen
 * @param readOnly the logical connection's read-only flag at borrow time
 */
public record RoutingDecision(String endpoint, EndpointRole role, RoutingReason reason, boolean readOnly) {
}
