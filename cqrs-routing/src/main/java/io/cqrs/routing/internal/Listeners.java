package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.TopologySnapshot;
import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The registered {@link RoutingListener}s, copy-on-write so the routing path reads one volatile
 * array. No event object is built when nobody listens; a listener's exception is logged and
 * swallowed.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private volatile RoutingListener[] all;

    Listeners(java.util.List<RoutingListener> initial) {
        this.all = initial.toArray(new RoutingListener[0]);
    }

    synchronized void add(RoutingListener l) {
        RoutingListener[] next = Arrays.copyOf(all, all.length + 1);
        next[all.length] = l;
        all = next;
    }

    synchronized void remove(RoutingListener l) {
        all = Arrays.stream(all).filter(x -> x != l).toArray(RoutingListener[]::new);
    }

    boolean any() {
        return all.length > 0;
    }

    void route(EndpointRuntime rt, RoutingReason reason, boolean readOnly) {
        RoutingListener[] ls = all;
        if (ls.length == 0) {
            return;
        }
        RoutingDecision d = new RoutingDecision(rt.name(), rt.role(), reason, readOnly);
        each(ls, l -> l.onRoute(d));
    }

    void exclude(EndpointRuntime rt, RoutingReason reason, boolean readOnly) {
        RoutingListener[] ls = all;
        if (ls.length == 0) {
            return;
        }
        RoutingDecision d = new RoutingDecision(rt.name(), rt.role(), reason, readOnly);
        each(ls, l -> l.onExclude(d));
    }

    void reject(EndpointRuntime rt, RoutingReason reason, boolean readOnly, SQLException error) {
        RoutingListener[] ls = all;
        if (ls.length == 0) {
            return;
        }
        RoutingDecision d = new RoutingDecision(rt.name(), rt.role(), reason, readOnly);
        each(ls, l -> l.onReject(d, error));
    }

    void borrowFailure(String endpoint, EndpointRole role, SQLException e) {
        each(all, l -> l.onBorrowFailure(endpoint, role, e));
    }

    void topology(TopologySnapshot snapshot) {
        each(all, l -> l.onTopologyChange(snapshot));
    }

    void lagSample(ReplicaLag lag) {
        each(all, l -> l.onLagSample(lag));
    }

    void lagEligibility(ReplicaLag lag) {
        each(all, l -> l.onLagEligibilityChange(lag));
    }

    void breaker(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
        each(all, l -> l.onBreakerTransition(endpoint, from, to));
    }

    private static void each(RoutingListener[] ls, Consumer<RoutingListener> call) {
        for (RoutingListener l : ls) {
            try {
                call.accept(l);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
                LOG.warn("routing listener {} threw (ignored): {}", l.getClass().getName(), t.toString());
            }
        }
    }
}
