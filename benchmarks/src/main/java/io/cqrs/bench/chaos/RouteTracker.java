package io.cqrs.bench.chaos;

import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;

/**
 * Remembers, per thread, where the router last sent that thread's work and why (the listener is
 * called on the borrowing thread), so that a failed read's record says which endpoint failed it.
 */
final class RouteTracker implements RoutingListener {

    private final ThreadLocal<StringBuilder> routes = ThreadLocal.withInitial(StringBuilder::new);

    @Override
    public void onRoute(RoutingDecision decision) {
        StringBuilder b = routes.get();
        if (b.length() > 0) {
            b.append(" then ");
        }
        b.append(decision.endpoint()).append(" (").append(decision.reason()).append(')');
    }

    /** Starts a new unit of work on this thread. */
    void clear() {
        routes.get().setLength(0);
    }

    /** The routes of this thread's current unit of work, e.g. {@code "replica-1 (READ_ONLY) then source (FAILOVER)"}. */
    String routes() {
        StringBuilder b = routes.get();
        return b.length() == 0 ? "no endpoint" : b.toString();
    }
}
