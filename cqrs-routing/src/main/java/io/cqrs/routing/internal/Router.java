package io.cqrs.routing.internal;

import io.cqrs.routing.CommitContext;
import io.cqrs.routing.CommitHook;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.NoEndpointAvailableException.Attempt;
import io.cqrs.routing.ReplicaSelector;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.TopologySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides where a logical connection borrows and does the borrowing, with failover.
 *
 * <p>Rules, in order: an explicit per-connection {@link Route} beats a {@link RoutingScope}, which
 * beats the read-only flag. Read work goes to the replica the selector picks among the eligible
 * ones; if its pool cannot give a connection, the next eligible replica is tried, then (unless
 * disabled) the source. Write work goes to the source only. The read path takes no lock: it reads
 * one volatile {@link Topology}.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    final AtomicReference<Topology> topology = new AtomicReference<>();
    private final ReplicaSelector selector;
    private final boolean fallbackToSource;
    private final RoutingListener[] listeners;
    final CommitHook commitHook;

    public Router(RoutingConfig config, Topology initial) {
        this.selector = config.selector();
        this.fallbackToSource = config.fallbackToSource();
        this.listeners = config.listeners().toArray(new RoutingListener[0]);
        this.commitHook = config.commitHook();
        this.topology.set(initial);
    }

    /** The role work of this kind goes to (ignoring failover). */
    static EndpointRole targetRole(Route connectionRoute, boolean readOnly) {
        Route r = connectionRoute != Route.AUTO ? connectionRoute : RoutingScope.currentRoute();
        if (r == Route.SOURCE) {
            return EndpointRole.SOURCE;
        }
        if (r == Route.REPLICA) {
            return EndpointRole.REPLICA;
        }
        return readOnly ? EndpointRole.REPLICA : EndpointRole.SOURCE;
    }

    /** Borrows a physical connection for {@code lc} and stores it there (no replay). */
    void borrow(LogicalConnectionState lc) throws SQLException {
        Route r = lc.route != Route.AUTO ? lc.route : RoutingScope.currentRoute();
        boolean readOnly = lc.readOnly;
        if (r == Route.SOURCE) {
            borrowSource(lc, readOnly ? RoutingReason.FORCED_SOURCE : RoutingReason.READ_WRITE, null);
        } else if (r == Route.REPLICA || readOnly) {
            borrowReplica(lc, readOnly ? RoutingReason.READ_ONLY : RoutingReason.FORCED_REPLICA);
        } else {
            borrowSource(lc, RoutingReason.READ_WRITE, null);
        }
    }

    private void borrowReplica(LogicalConnectionState lc, RoutingReason reason) throws SQLException {
        Topology t = topology.get();
        EndpointRuntime[] eligible = t.eligibleRuntimes();
        List<Attempt> attempts = null;
        int n = eligible.length;
        if (n > 0) {
            int first = n == 1 ? 0 : selector.select(t.eligibleStates());
            if (first < 0 || first >= n) {
                first = 0;
            }
            for (int k = 0; k < n; k++) {
                EndpointRuntime rt = eligible[(first + k) % n];
                try {
                    Connection c = rt.borrow();
                    lc.attach(c, rt);
                    report(rt, k == 0 ? reason : RoutingReason.FAILOVER, lc.readOnly);
                    return;
                } catch (SQLException e) {
                    if (attempts == null) {
                        attempts = new ArrayList<>();
                    }
                    attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA, NoEndpointAvailableException.describe(e), e));
                    reportFailure(rt, e);
                }
            }
        }
        if (attempts == null) {
            attempts = new ArrayList<>();
        }
        for (EndpointState s : t.snapshot().replicas()) {
            if (!s.eligible()) {
                attempts.add(new Attempt(s.name(), EndpointRole.REPLICA, "not eligible: " + s.ineligibleReason(), null));
            }
        }
        if (t.snapshot().replicas().isEmpty()) {
            attempts.add(new Attempt("(replicas)", EndpointRole.REPLICA, "none configured", null));
        }
        if (!fallbackToSource) {
            throw new NoEndpointAvailableException("a read-only connection (fallback to the source is off:"
                    + " cqrs.routing.fallback-to-source=false)", attempts);
        }
        borrowSource(lc, RoutingReason.FALLBACK, attempts);
    }

    private void borrowSource(LogicalConnectionState lc, RoutingReason reason, List<Attempt> earlier) throws SQLException {
        EndpointRuntime rt = topology.get().source();
        try {
            Connection c = rt.borrow();
            lc.attach(c, rt);
            report(rt, reason, lc.readOnly);
        } catch (SQLException e) {
            reportFailure(rt, e);
            List<Attempt> attempts = earlier == null ? new ArrayList<>() : earlier;
            attempts.add(new Attempt(rt.name(), EndpointRole.SOURCE, NoEndpointAvailableException.describe(e), e));
            throw new NoEndpointAvailableException(reason == RoutingReason.READ_WRITE
                    ? "a read-write connection" : "a read-only connection", attempts);
        }
    }

    private void report(EndpointRuntime rt, RoutingReason reason, boolean readOnly) {
        if (listeners.length == 0) {
            return;
        }
        RoutingDecision d = new RoutingDecision(rt.name(), rt.role(), reason, readOnly);
        for (RoutingListener l : listeners) {
            try {
                l.onRoute(d);
            } catch (Throwable t) {
                swallow(l, t);
            }
        }
    }

    private void reportFailure(EndpointRuntime rt, SQLException e) {
        for (RoutingListener l : listeners) {
            try {
                l.onBorrowFailure(rt.name(), rt.role(), e);
            } catch (Throwable t) {
                swallow(l, t);
            }
        }
    }

    void reportTopology(TopologySnapshot snapshot) {
        for (RoutingListener l : listeners) {
            try {
                l.onTopologyChange(snapshot);
            } catch (Throwable t) {
                swallow(l, t);
            }
        }
    }

    /** Runs the commit hook; never throws. */
    void afterCommit(EndpointRuntime rt, Connection physical, boolean autoCommit) {
        CommitHook hook = commitHook;
        if (hook == null || rt.role() != EndpointRole.SOURCE) {
            return;
        }
        try {
            hook.afterCommit(new CommitContext(rt.name(), physical, autoCommit));
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            LOG.warn("commit hook {} failed after a committed transaction on '{}' (ignored): {}",
                    hook.getClass().getName(), rt.name(), t.toString());
        }
    }

    private static void swallow(RoutingListener l, Throwable t) {
        if (t instanceof VirtualMachineError vme) {
            throw vme;
        }
        LOG.warn("routing listener {} threw (ignored): {}", l.getClass().getName(), t.toString());
    }

    /** The session defaults of any endpoint learned so far, or null. All endpoints are assumed alike. */
    SessionDefaults anyKnownDefaults() {
        Topology t = topology.get();
        SessionDefaults d = t.source().knownDefaults();
        if (d != null) {
            return d;
        }
        for (EndpointRuntime r : t.replicas()) {
            d = r.knownDefaults();
            if (d != null) {
                return d;
            }
        }
        return null;
    }
}
