package io.cqrs.routing.internal;

import io.cqrs.routing.CommitContext;
import io.cqrs.routing.CommitHook;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.NoEndpointAvailableException.Attempt;
import io.cqrs.routing.ReplicaSelector;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.consistency.GtidWaiter;
import io.cqrs.routing.fallback.SpillLimiter;
import io.cqrs.routing.fallback.SpillRejectedException;
import io.cqrs.routing.health.EndpointBreakers;
import io.cqrs.routing.health.FailureClassifier;
import io.cqrs.routing.lag.LagMonitor;
import io.cqrs.routing.lag.LagSnapshot;
import io.cqrs.routing.lag.ReplicaLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides where a logical connection borrows and does the borrowing, with failover.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Role: an explicit per-connection {@link Route} beats a {@link RoutingScope}, which beats
 *       the read-only flag. Writes go to the source only.</li>
 *   <li>Candidates for a read: active replicas, minus those the lag snapshot excludes (the
 *       DataSource's max lag with hysteresis, or the caller's bounded-staleness budget without),
 *       minus those whose breaker refuses a permission.</li>
 *   <li>With a token: a replica known to contain it first; otherwise the selector's choice is
 *       checked (one round trip) and waited on within the remaining budget.</li>
 *   <li>No candidate served: the source, under the spill cap; if the source cannot serve either,
 *       a lag-excluded replica (stale beats nothing), except for token or bounded-staleness reads.</li>
 *   <li>Breakers: every permission ends in exactly one success, failure or release.</li>
 * </ol>
 * The read path takes no lock: one volatile {@link Topology}, one volatile {@link LagSnapshot}.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    final AtomicReference<Topology> topology = new AtomicReference<>();
    private final ReplicaSelector selector;
    private final boolean fallbackToSource;
    final Listeners listeners;
    final CommitHook commitHook;
    final EndpointBreakers breakers;
    final FailureClassifier classifier;
    final SpillLimiter spill;
    final Tokens tokens;
    private final LagGate lagGate;
    volatile LagMonitor lagMonitor;

    public Router(RoutingConfig config, Topology initial, Listeners listeners, EndpointBreakers breakers) {
        this.selector = config.selector();
        this.fallbackToSource = config.fallbackToSource();
        this.listeners = listeners;
        this.commitHook = config.commitHook();
        this.breakers = breakers;
        this.classifier = config.failureClassifier();
        this.spill = new SpillLimiter(config.fallback());
        this.tokens = new Tokens(config.consistency());
        this.lagGate = new LagGate(config.lag().failureThreshold());
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
        ThreadContext ctx = ThreadContext.current(); // the one thread-local read per borrow
        RoutingScope scope = ctx.scope();
        Route r = lc.route != Route.AUTO ? lc.route : scope == null ? Route.AUTO : scope.route();
        boolean readOnly = lc.readOnly;
        if (r == Route.SOURCE) {
            borrowSource(lc, readOnly ? RoutingReason.FORCED_SOURCE : RoutingReason.READ_WRITE);
        } else if (r == Route.REPLICA || readOnly) {
            borrowReplica(lc, readOnly ? RoutingReason.READ_ONLY : RoutingReason.FORCED_REPLICA, ctx);
        } else {
            borrowSource(lc, RoutingReason.READ_WRITE);
        }
    }

    /** The caller's bounded-staleness budget, or null. */
    private static Duration maxLagBudget(LogicalConnectionState lc, RoutingScope scope) {
        if (lc.maxLag != null) {
            return lc.maxLag;
        }
        if (lc.level != null) {
            return null;
        }
        return scope == null ? null : scope.maxLagBudget();
    }

    private void borrowReplica(LogicalConnectionState lc, RoutingReason reason, ThreadContext ctx) throws SQLException {
        RoutingScope scope = ctx.scope();
        Topology t = topology.get();
        EndpointRuntime[] cand = t.eligibleRuntimes();
        List<EndpointState> candStates = t.eligibleStates();
        LagMonitor monitor = lagMonitor;
        LagSnapshot snap = monitor == null ? null : monitor.snapshot();
        Duration budget = maxLagBudget(lc, scope);
        boolean readOnly = lc.readOnly;
        List<EndpointRuntime> lagExcluded = null;
        int n = cand.length;
        if (n > 0 && (snap != null || budget != null) && !(budget == null && lagGate.allPass(snap))) {
            for (EndpointRuntime rt : cand) {
                if (!lagGate.allows(snap, rt.name(), budget)) {
                    if (lagExcluded == null) {
                        lagExcluded = new ArrayList<>(n);
                    }
                    lagExcluded.add(rt);
                    listeners.exclude(rt, RoutingReason.LAG_EXCLUDED, readOnly);
                }
            }
            if (lagExcluded != null) {
                List<EndpointRuntime> keep = new ArrayList<>(n);
                List<EndpointState> keepStates = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    if (!lagExcluded.contains(cand[i])) {
                        keep.add(cand[i]);
                        keepStates.add(candStates.get(i));
                    }
                }
                cand = keep.toArray(new EndpointRuntime[0]);
                candStates = keepStates;
                n = cand.length;
            }
        }
        ConsistencyToken token = tokens.required(lc, ctx);
        List<Attempt> attempts = null;
        boolean tokenUnmet = false;
        if (n > 0) {
            int first = -1;
            if (token != null) {
                for (int i = 0; i < n && first < 0; i++) {
                    if (cand[i].hasApplied(token)) {
                        first = i;
                    }
                }
            }
            if (first < 0) {
                first = n == 1 ? 0 : selector.select(candStates);
                if (first < 0 || first >= n) {
                    first = 0;
                }
            }
            long waitDeadline = token == null ? 0 : System.nanoTime() + tokens.settings().tokenWait().toNanos();
            EndpointRuntime avoid = lc.moveAwayFrom;
            for (int k = 0; k < n; k++) {
                EndpointRuntime rt = cand[(first + k) % n];
                if (rt == avoid) {
                    attempts = add(attempts, new Attempt(rt.name(), EndpointRole.REPLICA, "its connection failed the read's first statement just now", null));
                    continue;
                }
                if (!rt.breaker(breakers).tryAcquirePermission()) {
                    listeners.exclude(rt, RoutingReason.BREAKER_OPEN, readOnly);
                    attempts = add(attempts, new Attempt(rt.name(), EndpointRole.REPLICA, breakerProblem(rt), null));
                    continue;
                }
                long t0 = System.nanoTime();
                Connection c;
                try {
                    c = rt.borrow();
                } catch (SQLException e) {
                    failed(rt, t0, e);
                    attempts = add(attempts, new Attempt(rt.name(), EndpointRole.REPLICA, NoEndpointAvailableException.describe(e), e));
                    continue;
                }
                RoutingReason why = k == 0 && avoid == null ? reason : RoutingReason.FAILOVER;
                if (token != null) {
                    try {
                        why = tokenCheck(rt, c, token, waitDeadline);
                    } catch (SQLException e) {
                        giveBack(rt, c);
                        failed(rt, t0, e);
                        attempts = add(attempts, new Attempt(rt.name(), EndpointRole.REPLICA, NoEndpointAvailableException.describe(e), e));
                        continue;
                    }
                    if (why == null) {
                        giveBack(rt, c);
                        rt.breaker(breakers).onSuccessSince(t0);
                        tokenUnmet = true;
                        attempts = add(attempts, new Attempt(rt.name(), EndpointRole.REPLICA,
                                "has not applied the session's token within cqrs.consistency.token-wait-ms="
                                        + tokens.settings().tokenWait().toMillis() + "ms", null));
                        continue;
                    }
                }
                rt.breaker(breakers).onSuccessSince(t0);
                lc.attach(c, rt);
                listeners.route(rt, why, readOnly);
                return;
            }
        }
        attempts = describeIneligible(t, lagExcluded, attempts == null ? new ArrayList<>() : attempts);
        if (!fallbackToSource) {
            throw new NoEndpointAvailableException("a read-only connection (fallback to the source is off:"
                    + " cqrs.routing.fallback-to-source=false)", attempts);
        }
        RoutingReason fallback = tokenUnmet ? RoutingReason.TOKEN_FALLBACK : RoutingReason.FALLBACK;
        List<EndpointRuntime> degraded = budget == null ? lagExcluded : null;
        borrowFallback(lc, fallback, attempts, degraded, token);
    }

    /** TOKEN_PINNED / TOKEN_WAITED when the replica has the token, null when the budget ran out. */
    private RoutingReason tokenCheck(EndpointRuntime rt, Connection c, ConsistencyToken token, long deadline) throws SQLException {
        if (rt.hasApplied(token)) {
            return RoutingReason.TOKEN_PINNED;
        }
        GtidWaiter waiter = GtidWaiter.forFlavor(token.flavor());
        if (waiter.contains(c, token.gtids())) {
            rt.learnApplied(token);
            return RoutingReason.TOKEN_PINNED;
        }
        // The server waits within the budget. If it answers "not yet" well before the deadline (seen
        // with MySQL 8.0.15 and sub-second timeouts: far more TOKEN_FALLBACK than on MariaDB), pause
        // briefly and ask again until the deadline.
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 1_000_000) {
                return null;
            }
            long t0 = System.nanoTime();
            if (waiter.await(c, token.gtids(), Duration.ofNanos(left))) {
                rt.learnApplied(token);
                return RoutingReason.TOKEN_WAITED;
            }
            long waited = System.nanoTime() - t0;
            if (waited >= left - 1_000_000) {
                return null;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(5_000_000, left - waited));
        }
    }

    /** A read on the source because no replica served it: under the spill cap, else degraded. */
    private void borrowFallback(LogicalConnectionState lc, RoutingReason reason, List<Attempt> attempts,
                                List<EndpointRuntime> degraded, ConsistencyToken token) throws SQLException {
        EndpointRuntime src = topology.get().source();
        boolean readOnly = lc.readOnly;
        if (!src.breaker(breakers).tryAcquirePermission()) {
            attempts.add(new Attempt(src.name(), EndpointRole.SOURCE, breakerProblem(src), src.lastFailure()));
            borrowDegraded(lc, attempts, degraded, token);
            return;
        }
        try {
            spill.acquire();
        } catch (SpillRejectedException e) {
            src.breaker(breakers).releasePermission();
            listeners.reject(src, RoutingReason.SPILL_REJECTED, readOnly, e);
            for (Attempt a : attempts) {
                e.addSuppressed(new SQLException(a.endpoint() + ": " + a.problem(), "08001"));
            }
            throw e;
        }
        long t0 = System.nanoTime();
        Connection c;
        try {
            c = src.borrow();
        } catch (SQLException e) {
            spill.release();
            failed(src, t0, e);
            attempts.add(new Attempt(src.name(), EndpointRole.SOURCE, NoEndpointAvailableException.describe(e), e));
            borrowDegraded(lc, attempts, degraded, token);
            return;
        }
        src.breaker(breakers).onSuccessSince(t0);
        lc.attach(c, src);
        lc.spillHeld = true;
        listeners.route(src, reason, readOnly);
    }

    /**
     * Source down too: a lag-excluded replica rather than no answer. Not for bounded-staleness
     * reads; a read with a token only where the replica already contains it (checked, no wait).
     */
    private void borrowDegraded(LogicalConnectionState lc, List<Attempt> attempts, List<EndpointRuntime> degraded,
                                ConsistencyToken token) throws SQLException {
        if (degraded != null) {
            for (EndpointRuntime rt : degraded) {
                if (!rt.breaker(breakers).tryAcquirePermission()) {
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    Connection c = rt.borrow();
                    if (token != null) {
                        boolean has;
                        try {
                            has = tokenCheck(rt, c, token, 0) != null;
                        } catch (SQLException e) {
                            giveBack(rt, c);
                            throw e;
                        }
                        if (!has) {
                            giveBack(rt, c);
                            rt.breaker(breakers).onSuccessSince(t0);
                            attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA,
                                    "degraded read: has not applied the session's token", null));
                            continue;
                        }
                    }
                    rt.breaker(breakers).onSuccessSince(t0);
                    lc.attach(c, rt);
                    listeners.route(rt, RoutingReason.DEGRADED, lc.readOnly);
                    return;
                } catch (SQLException e) {
                    failed(rt, t0, e);
                    attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA, "degraded read: " + NoEndpointAvailableException.describe(e), e));
                }
            }
        }
        throw new NoEndpointAvailableException("a read-only connection", attempts);
    }

    private void borrowSource(LogicalConnectionState lc, RoutingReason reason) throws SQLException {
        EndpointRuntime rt = topology.get().source();
        String what = reason == RoutingReason.READ_WRITE ? "a read-write connection" : "a read-only connection";
        if (!rt.breaker(breakers).tryAcquirePermission()) {
            NoEndpointAvailableException e = new NoEndpointAvailableException(what,
                    List.of(new Attempt(rt.name(), EndpointRole.SOURCE, breakerProblem(rt), rt.lastFailure())));
            listeners.reject(rt, RoutingReason.BREAKER_OPEN, lc.readOnly, e);
            throw e;
        }
        long t0 = System.nanoTime();
        try {
            Connection c = rt.borrow();
            rt.breaker(breakers).onSuccessSince(t0);
            lc.attach(c, rt);
            listeners.route(rt, reason, lc.readOnly);
        } catch (SQLException e) {
            failed(rt, t0, e);
            throw new NoEndpointAvailableException(what, List.of(new Attempt(rt.name(), EndpointRole.SOURCE,
                    NoEndpointAvailableException.describe(e) + "; circuit breaker " + breakers.state(rt.name()), e)));
        }
    }

    private void failed(EndpointRuntime rt, long t0, SQLException e) {
        if (rt.breaker(breakers).onFailure(System.nanoTime() - t0, e)) {
            rt.lastFailure(e);
        }
        listeners.borrowFailure(rt.name(), rt.role(), e);
    }

    /**
     * A statement failed on a physical connection of {@code rt}. A connection-level failure feeds the
     * breaker and retires the endpoint's idle pooled connections: they were opened to the same server
     * and HikariCP hands out one used in the last 500 ms without checking it.
     */
    void statementFailed(EndpointRuntime rt, SQLException e) {
        if (rt != null && classifier.isEndpointFailure(e)) {
            rt.breaker(breakers).onFailure(0, e);
            rt.lastFailure(e);
            rt.evictIdle();
        }
    }

    boolean isEndpointFailure(SQLException e) {
        return classifier.isEndpointFailure(e);
    }

    private static void giveBack(EndpointRuntime rt, Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the pool evicts it
        } finally {
            rt.returned();
        }
    }

    private String breakerProblem(EndpointRuntime rt) {
        SQLException last = rt.lastFailure();
        return "circuit breaker " + breakers.state(rt.name()) + " (retried after cqrs.breaker.wait-in-open-ms="
                + breakers.config().waitDurationInOpenState().toMillis() + "ms)"
                + (last == null ? "" : "; last failure: " + NoEndpointAvailableException.describe(last));
    }

    private List<Attempt> describeIneligible(Topology t, List<EndpointRuntime> lagExcluded, List<Attempt> attempts) {
        for (EndpointState s : t.snapshot().replicas()) {
            if (!s.eligible()) {
                attempts.add(new Attempt(s.name(), EndpointRole.REPLICA, "not eligible: " + s.ineligibleReason(), null));
            }
        }
        if (lagExcluded != null) {
            LagMonitor m = lagMonitor;
            for (EndpointRuntime rt : lagExcluded) {
                ReplicaLag r = m == null ? null : m.snapshot().get(rt.name());
                attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA, "excluded by lag: " + LagGate.describe(r), null));
            }
        }
        if (t.snapshot().replicas().isEmpty()) {
            attempts.add(new Attempt("(replicas)", EndpointRole.REPLICA, "none configured", null));
        }
        return attempts;
    }

    private static List<Attempt> add(List<Attempt> list, Attempt a) {
        List<Attempt> l = list == null ? new ArrayList<>() : list;
        l.add(a);
        return l;
    }

    /** Runs GTID capture and the commit hook after a committed transaction; never throws. */
    void afterCommit(EndpointRuntime rt, Connection physical, boolean autoCommit, boolean wrote) {
        if (rt.role() != EndpointRole.SOURCE) {
            return;
        }
        if (wrote && tokens.captureEnabled()) {
            tokens.capture(rt, physical);
        }
        CommitHook hook = commitHook;
        if (hook == null) {
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

    /** Whether anything runs after commits (so the statement path can skip the call). */
    boolean observesCommits() {
        return commitHook != null || tokens.captureEnabled();
    }

    void reportTopology(io.cqrs.routing.TopologySnapshot snapshot) {
        listeners.topology(snapshot);
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
