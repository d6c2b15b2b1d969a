package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointHealth.Verdict;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.lag.LagSnapshot;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One question: may this replica take this read? Keeps out replicas that are draining, vetoed,
 * lagging or whose breaker is open, and says why. The same rule gives the verdict published in
 * the topology snapshot ({@link #verdict}), so {@code ds.topology()} shows what routing does.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Draining or vetoed: out, for every read.</li>
 *   <li>Unresponsive (the lag monitor's probe got no answer, or could not connect): out, for every
 *       read, until a probe answers and the replica's pool has given a connection again.</li>
 *   <li>Lag, without a caller budget: out while the monitor's verdict (max lag with hysteresis) is
 *       no; decided when the monitor reports, so a read only reads the published candidates.</li>
 *   <li>Lag, with a bounded-staleness budget: out unless its last measured lag is within the budget
 *       (no hysteresis; unmonitored replicas cannot prove any budget); decided per read.</li>
 *   <li>Breaker: out while open. The breaker itself is the judge: it is asked for a permission when
 *       the replica is tried ({@link #admits}), which is also how an open breaker whose wait is over
 *       lets a trial read through. The published verdict follows its transitions.</li>
 * </ul>
 */
final class ExclusionFilter {

    private ExclusionFilter() {
    }

    /** The routing verdict of an endpoint, most decisive reason first. */
    static EndpointHealth verdict(EndpointFacts f) {
        if (f.status() == EndpointStatus.DRAINING) {
            return new EndpointHealth(Verdict.DRAINING, "draining");
        }
        if (!f.veto().eligible()) {
            return new EndpointHealth(Verdict.EXCLUDED, f.veto().reason()); // an external veto, whatever it called itself
        }
        if (!f.responsive()) {
            return new EndpointHealth(Verdict.UNRESPONSIVE, f.responsiveDetail());
        }
        if (f.breaker() == CircuitBreaker.State.OPEN || f.breaker() == CircuitBreaker.State.FORCED_OPEN) {
            return new EndpointHealth(Verdict.BREAKER_OPEN, f.breakerDetail());
        }
        if (!f.lagOk()) {
            return new EndpointHealth(Verdict.LAG_EXCLUDED, f.lagDetail());
        }
        return f.breaker() == CircuitBreaker.State.HALF_OPEN ? new EndpointHealth(Verdict.ELIGIBLE, f.breakerDetail())
                : EndpointHealth.HEALTHY;
    }

    /** A candidate for reads without a budget (its breaker is asked when it is tried). */
    static boolean candidate(EndpointFacts f) {
        return f.routable() && f.lagOk();
    }

    /** Kept out by lag alone (a degraded read may still use it when the source is down too). */
    static boolean lagExcluded(EndpointFacts f) {
        return f.routable() && !f.lagOk();
    }

    /**
     * The candidates of a read: the ones published with the topology, or with a bounded-staleness
     * {@code budget} the routable replicas whose last measured lag in {@code lag} is within it.
     */
    static Candidates candidates(Topology t, Duration budget, LagSnapshot lag) {
        if (budget == null) {
            return t.candidates();
        }
        EndpointRuntime[] routable = t.routable();
        List<EndpointState> states = t.routableStates();
        List<EndpointRuntime> in = new ArrayList<>(routable.length);
        List<EndpointState> inStates = new ArrayList<>(routable.length);
        List<EndpointRuntime> out = new ArrayList<>(0);
        for (int i = 0; i < routable.length; i++) {
            if (LagGate.within(lag, routable[i].name(), budget)) {
                in.add(routable[i]);
                inStates.add(states.get(i));
            } else {
                out.add(routable[i]);
            }
        }
        return new Candidates(in.toArray(Candidates.NONE), List.copyOf(inStates), out.toArray(Candidates.NONE));
    }

    /** The breaker's part of the rule, asked when a replica is tried: false means skip it without a borrow. */
    static boolean admits(EndpointRuntime rt) {
        return rt.breaker().tryAcquirePermission();
    }
}
