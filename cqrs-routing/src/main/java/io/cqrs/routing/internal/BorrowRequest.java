package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingReason;

import java.time.Duration;

/**
 * Everything the router needs to borrow for one logical connection, decided before it starts:
 * immutable, so each rule of the pipeline reads it and none changes it. The common requests
 * (plain read, plain write) are shared constants.
 *
 * @param role     what {@link RoleRule} decided
 * @param readOnly the logical connection's read-only flag
 * @param level    the consistency level asked for, or null
 * @param budget   a bounded-staleness budget, or null
 * @param token    the token the read must honour, or null
 * @param avoid    an endpoint not to try (a failed first read moving away from it), or null
 */
record BorrowRequest(EndpointRole role, boolean readOnly, ConsistencyLevel level, Duration budget,
                     ConsistencyToken token, EndpointRuntime avoid) {

    private static final BorrowRequest[] PLAIN = {
            new BorrowRequest(EndpointRole.SOURCE, false, null, null, null, null),
            new BorrowRequest(EndpointRole.SOURCE, true, null, null, null, null),
            new BorrowRequest(EndpointRole.REPLICA, false, null, null, null, null),
            new BorrowRequest(EndpointRole.REPLICA, true, null, null, null, null)};

    /** A request with nothing but a role and the read-only flag. */
    static BorrowRequest of(EndpointRole role, boolean readOnly) {
        return PLAIN[(role == EndpointRole.REPLICA ? 2 : 0) + (readOnly ? 1 : 0)];
    }

    /** Why the endpoint this request is served by first is chosen. */
    RoutingReason reason() {
        return RoleRule.reason(role, readOnly);
    }
}
