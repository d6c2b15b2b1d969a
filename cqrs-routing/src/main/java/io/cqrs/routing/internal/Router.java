package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.NoEndpointAvailableException.Attempt;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.fallback.SpillRejectedException;
import io.cqrs.routing.internal.EndpointBorrower.Miss;
import io.cqrs.routing.internal.EndpointBorrower.MissKind;
import io.cqrs.routing.internal.EndpointBorrower.Outcome;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides where a logical connection borrows, and borrows: a small pipeline over an immutable
 * {@link BorrowRequest} that returns a {@link Lease} the connection applies itself. The router
 * reads the {@link RoutingRuntime} and changes nothing but what a borrow changes (pools, breakers,
 * the spill cap, listeners).
 *
 * <ol>
 *   <li>{@link RoleRule}: source or replica.</li>
 *   <li>Source: one try; a refusal or failure is the caller's error, {@link NoEndpointAvailableException}.</li>
 *   <li>Replica: {@link ExclusionFilter} gives the candidates; with a token, {@link TokenGate} puts
 *       a replica known to have applied it first, else the {@link io.cqrs.routing.ReplicaSelector}
 *       chooses; then each candidate in turn until one serves ({@link RoutingReason#FAILOVER} after
 *       the first).</li>
 *   <li>No replica served: the source under the spill cap ({@link RoutingReason#FALLBACK}), unless
 *       fallback is off; if the source cannot serve either, a replica kept out only by lag
 *       ({@link RoutingReason#DEGRADED}: stale beats nothing), never for a staleness budget, with a
 *       token only where the replica already contains it. A fallback read whose first statement failed
 *       on the source ({@link FirstReadFailover}: the source is the request's {@code avoid}) skips the
 *       source and goes there at once.</li>
 * </ol>
 * Every try goes through the one {@link EndpointBorrower}. The read path takes no lock: one
 * volatile topology read, the candidates precomputed with it.
 */
public final class Router {

    /** Why the endpoint a failed first read moves away from is not tried again. */
    private static final String FAILED_FIRST_READ = "its connection failed the read's first statement just now";

    private final RoutingRuntime runtime;
    private final EndpointBorrower borrower;
    /** The specs of plain {@code getConnection()} / {@code getConnection(Route)}, by route ordinal. */
    private final ConnectionSpec[] plain = new ConnectionSpec[Route.values().length];

    Router(RoutingRuntime runtime) {
        this.runtime = runtime;
        this.borrower = new EndpointBorrower(runtime.listeners(), runtime.breakers().config());
        for (Route r : Route.values()) {
            plain[r.ordinal()] = new ConnectionSpec(this, r, null, null, null);
        }
    }

    /** The shared spec of a plain connection on {@code route}. */
    public ConnectionSpec spec(Route route) {
        return plain[route.ordinal()];
    }

    RoutingRuntime runtime() {
        return runtime;
    }

    /**
     * The request of a connection asking with {@code spec} and {@code readOnly} now, on the thread
     * of {@code ctx} (its scope and session); {@code avoid} is an endpoint not to try, or null.
     */
    BorrowRequest request(ConnectionSpec spec, ThreadContext ctx, boolean readOnly, EndpointRuntime avoid) {
        RoutingScope scope = ctx.scope();
        EndpointRole role = RoleRule.role(spec.route(), scope, readOnly);
        if (role == EndpointRole.SOURCE) {
            return BorrowRequest.of(role, readOnly);
        }
        Duration budget = spec.maxLag() != null ? spec.maxLag() : spec.level() != null || scope == null ? null : scope.maxLagBudget();
        ConsistencyToken token = runtime.tokens().required(spec, ctx);
        if (budget == null && token == null && avoid == null && spec.level() == null) {
            return BorrowRequest.of(role, readOnly);
        }
        return new BorrowRequest(role, readOnly, spec.level(), budget, token, avoid);
    }

    /** Borrows for {@code req}: a lease, or the error naming every endpoint tried and why. */
    Lease borrow(BorrowRequest req) throws SQLException {
        return req.role() == EndpointRole.SOURCE ? source(req) : replica(req);
    }

    private Lease source(BorrowRequest req) throws SQLException {
        EndpointRuntime src = runtime.topology().source();
        Outcome o = borrower.borrow(src, req.reason(), req.readOnly(), null, null);
        if (o instanceof Lease l) {
            return l;
        }
        EndpointRuntime now = runtime.topology().source();
        if (src.isRetired() && now != src) { // discovery swapped the source between the read and the borrow
            src = now;
            o = borrower.borrow(src, req.reason(), req.readOnly(), null, null);
            if (o instanceof Lease l) {
                return l;
            }
        }
        Attempt a = ((Miss) o).attempt();
        String what = req.readOnly() ? "a read-only connection" : "a read-write connection";
        if (((Miss) o).kind() == MissKind.REFUSED) {
            NoEndpointAvailableException e = new NoEndpointAvailableException(what,
                    List.of(new Attempt(src.name(), EndpointRole.SOURCE, a.problem(), src.lastFailure())));
            runtime.listeners().reject(src, RoutingReason.BREAKER_OPEN, req.readOnly(), e);
            throw e;
        }
        throw new NoEndpointAvailableException(what, List.of(new Attempt(src.name(), EndpointRole.SOURCE,
                a.problem() + "; circuit breaker " + src.breaker().state(), a.failure())));
    }

    /**
     * A replica read. The common case — the chosen candidate serves at once — is kept short so the
     * JIT can inline it; everything after a miss is in {@link #failover}.
     */
    private Lease replica(BorrowRequest req) throws SQLException {
        Topology t = runtime.topology();
        Candidates cand = req.budget() == null ? t.candidates() : ExclusionFilter.candidates(t, req.budget(), runtime.lagSnapshot());
        if (cand.lagExcluded().length > 0) {
            reportLagExcluded(cand, req.readOnly());
        }
        EndpointRuntime[] rts = cand.runtimes();
        if (rts.length == 0) {
            return noReplicaServed(req, t, cand, new ArrayList<>(), false);
        }
        TokenGate gate = req.token() == null ? null : TokenGate.waiting(req.token(), runtime.consistency().tokenWait());
        int first = firstCandidate(req, cand);
        if (req.avoid() != null) {
            return failover(req, t, cand, gate, first, 0, null);
        }
        Outcome o = borrower.borrow(rts[first], req.reason(), req.readOnly(), gate, null);
        if (o instanceof Lease l) {
            return l;
        }
        return failover(req, t, cand, gate, first, 1, (Miss) o);
    }

    /** With a token, a replica known to have applied it; else the selector's choice. */
    private int firstCandidate(BorrowRequest req, Candidates cand) {
        EndpointRuntime[] rts = cand.runtimes();
        int n = rts.length;
        int first = req.token() == null ? -1 : TokenGate.knownHolder(rts, req.token());
        if (first < 0) {
            first = n == 1 ? 0 : runtime.selector().select(cand.states());
            if (first < 0 || first >= n) {
                first = 0;
            }
        }
        return first;
    }

    private void reportLagExcluded(Candidates cand, boolean readOnly) {
        Listeners listeners = runtime.listeners();
        if (listeners.any()) {
            for (EndpointRuntime rt : cand.lagExcluded()) {
                listeners.exclude(rt, RoutingReason.LAG_EXCLUDED, readOnly);
            }
        }
    }

    /**
     * The other candidates in turn, from the {@code fromK}-th after {@code first} ({@link RoutingReason#FAILOVER}),
     * after {@code missed} (the first candidate's miss, or null); then the source or an error.
     */
    private Lease failover(BorrowRequest req, Topology t, Candidates cand, TokenGate gate, int first, int fromK, Miss missed)
            throws SQLException {
        EndpointRuntime[] rts = cand.runtimes();
        int n = rts.length;
        List<Attempt> attempts = new ArrayList<>();
        boolean tokenUnmet = missed != null && noteMiss(rts[first], missed, req.readOnly(), attempts);
        EndpointRuntime avoid = req.avoid();
        for (int k = fromK; k < n; k++) {
            EndpointRuntime rt = rts[(first + k) % n];
            if (rt == avoid) {
                attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA, FAILED_FIRST_READ, null));
                continue;
            }
            RoutingReason proposed = k == 0 && avoid == null ? req.reason() : RoutingReason.FAILOVER;
            Outcome o = borrower.borrow(rt, proposed, req.readOnly(), gate, null);
            if (o instanceof Lease l) {
                return l;
            }
            tokenUnmet |= noteMiss(rt, (Miss) o, req.readOnly(), attempts);
        }
        return noReplicaServed(req, t, cand, attempts, tokenUnmet);
    }

    /** Records a candidate's miss (and reports a refusal as BREAKER_OPEN); true when it declined a token. */
    private boolean noteMiss(EndpointRuntime rt, Miss m, boolean readOnly, List<Attempt> attempts) {
        if (m.kind() == MissKind.REFUSED) {
            runtime.listeners().exclude(rt, RoutingReason.BREAKER_OPEN, readOnly);
        }
        attempts.add(m.attempt());
        return m.kind() == MissKind.DECLINED;
    }

    /** No candidate served: the source under the spill cap ({@link #fallback}), unless fallback is off. */
    private Lease noReplicaServed(BorrowRequest req, Topology t, Candidates cand, List<Attempt> attempts, boolean tokenUnmet)
            throws SQLException {
        describeOthers(t, cand, attempts);
        if (!runtime.fallbackToSource()) {
            throw new NoEndpointAvailableException("a read-only connection (fallback to the source is off: "
                    + io.cqrs.routing.RoutingConfig.KEY_FALLBACK_TO_SOURCE + "=false)", attempts);
        }
        return fallback(req, tokenUnmet ? RoutingReason.TOKEN_FALLBACK : RoutingReason.FALLBACK, attempts,
                req.budget() == null ? cand.lagExcluded() : Candidates.NONE);
    }

    /**
     * A read on the source because no replica served it: under the spill cap, else degraded. A read
     * moving away from the source (its first statement failed there as a fallback read) goes straight
     * to the degraded replicas.
     */
    private Lease fallback(BorrowRequest req, RoutingReason reason, List<Attempt> attempts, EndpointRuntime[] degraded)
            throws SQLException {
        EndpointRuntime src = runtime.topology().source();
        if (req.avoid() == src) {
            attempts.add(new Attempt(src.name(), EndpointRole.SOURCE, FAILED_FIRST_READ, null));
            return degraded(req, attempts, degraded);
        }
        Outcome o;
        try {
            o = borrower.borrow(src, reason, req.readOnly(), null, runtime.spill());
        } catch (SpillRejectedException e) {
            for (Attempt a : attempts) {
                e.addSuppressed(new SQLException(a.endpoint() + ": " + a.problem(), "08001"));
            }
            throw e;
        }
        if (o instanceof Lease l) {
            return l;
        }
        Miss m = (Miss) o;
        attempts.add(m.kind() == MissKind.REFUSED
                ? new Attempt(src.name(), EndpointRole.SOURCE, m.attempt().problem(), src.lastFailure()) : m.attempt());
        return degraded(req, attempts, degraded);
    }

    /**
     * Source down too: a replica kept out only by lag rather than no answer. Not for bounded-staleness
     * reads (they pass none); a read with a token only where the replica already contains it (checked, no wait).
     */
    private Lease degraded(BorrowRequest req, List<Attempt> attempts, EndpointRuntime[] lagExcluded) throws SQLException {
        TokenGate gate = req.token() == null ? null : TokenGate.checkOnly(req.token());
        for (EndpointRuntime rt : lagExcluded) {
            Outcome o = borrower.borrow(rt, RoutingReason.DEGRADED, req.readOnly(), gate, null);
            if (o instanceof Lease l) {
                return l;
            }
            Miss m = (Miss) o;
            if (m.kind() != MissKind.REFUSED) {
                attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA, "degraded read: " + m.attempt().problem(),
                        m.attempt().failure()));
            }
        }
        throw new NoEndpointAvailableException("a read-only connection", attempts);
    }

    /** The replicas that were not candidates, and why. */
    private List<Attempt> describeOthers(Topology t, Candidates cand, List<Attempt> attempts) {
        for (Topology.Member m : t.replicas()) {
            if (!m.facts().routable()) {
                attempts.add(new Attempt(m.runtime().name(), EndpointRole.REPLICA, "not eligible: " + m.state().ineligibleReason(), null));
            }
        }
        if (cand.lagExcluded().length > 0) {
            io.cqrs.routing.lag.LagSnapshot snap = runtime.lagSnapshot();
            for (EndpointRuntime rt : cand.lagExcluded()) {
                attempts.add(new Attempt(rt.name(), EndpointRole.REPLICA,
                        "excluded by lag: " + LagGate.describe(snap == null ? null : snap.get(rt.name())), null));
            }
        }
        if (t.replicas().isEmpty()) {
            attempts.add(new Attempt("(replicas)", EndpointRole.REPLICA, "none configured", null));
        }
        return attempts;
    }

}
