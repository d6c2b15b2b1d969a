package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.RoutingScope;

/**
 * One question: which role does this work need? The one place this rule is written.
 *
 * <ul>
 *   <li>An explicit per-connection {@link Route} beats a {@link RoutingScope}, which beats the
 *       read-only flag.</li>
 *   <li>{@link Route#SOURCE}: the source, read-only or not. {@link Route#REPLICA}: a replica even
 *       without the read-only flag (the caller says its work is reads).</li>
 *   <li>Otherwise read-only work goes to a replica and everything else to the source: a write never
 *       goes to a replica unless the caller forced the route.</li>
 * </ul>
 */
final class RoleRule {

    private RoleRule() {
    }

    /** The role for work on a connection with {@code route} under {@code scope} (may be null). */
    static EndpointRole role(Route route, RoutingScope scope, boolean readOnly) {
        Route r = route != Route.AUTO ? route : scope == null ? Route.AUTO : scope.route();
        if (r == Route.SOURCE) {
            return EndpointRole.SOURCE;
        }
        if (r == Route.REPLICA) {
            return EndpointRole.REPLICA;
        }
        return readOnly ? EndpointRole.REPLICA : EndpointRole.SOURCE;
    }

    /** Why a borrow of {@code role} serves work with this read-only flag, when nothing else intervenes. */
    static RoutingReason reason(EndpointRole role, boolean readOnly) {
        if (role == EndpointRole.SOURCE) {
            return readOnly ? RoutingReason.FORCED_SOURCE : RoutingReason.READ_WRITE;
        }
        return readOnly ? RoutingReason.READ_ONLY : RoutingReason.FORCED_REPLICA;
    }
}
