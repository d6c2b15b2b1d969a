package io.cqrs.routing;

import java.util.Objects;

/**
 * Whether an endpoint may take new work, and why not: the routing verdict published in the
 * {@link TopologySnapshot}. The router computes it from everything that can keep an endpoint out
 * of rotation — the administrative status ({@link RoutingDataSource#drainReplica}), the lag
 * monitor, the circuit breaker, and an external veto ({@link RoutingDataSource#updateHealth}) —
 * and republishes the snapshot whenever one of them changes, so {@code ds.topology()} shows what
 * the router does.
 *
 * @param verdict what keeps the endpoint out, or {@link Verdict#ELIGIBLE}
 * @param reason  the detail ({@code "lag 7200ms > max 5000ms"}, {@code "circuit breaker OPEN ..."});
 *                "" when there is nothing to say; shown in errors; never null
 */
public record EndpointHealth(Verdict verdict, String reason) {

    /** The routing verdict, most decisive first: when several apply, the first one is reported. */
    public enum Verdict {
        /** Takes new work. */
        ELIGIBLE,
        /** Drained by the operator: takes no new borrows; borrowed connections finish. */
        DRAINING,
        /** Vetoed through {@link RoutingDataSource#updateHealth}. */
        EXCLUDED,
        /**
         * The lag monitor's probe connection to it failed or got no answer within
         * {@code cqrs.lag.probe-timeout-ms} (a hung or dead server): no reads of any kind. Back once a
         * probe answers and its pool gives a connection again.
         */
        UNRESPONSIVE,
        /**
         * Its circuit breaker is open: skipped without a borrow. The breaker itself decides when the
         * open wait is over (the next read that picks the replica makes it half-open).
         */
        BREAKER_OPEN,
        /** Its lag is above {@code cqrs.lag.max-lag-ms} (with hysteresis), unknown, or replication stopped. */
        LAG_EXCLUDED
    }

    /** Eligible, nothing to say. */
    public static final EndpointHealth HEALTHY = new EndpointHealth(Verdict.ELIGIBLE, "");

    public EndpointHealth {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    /** An external veto (for {@link RoutingDataSource#updateHealth}). */
    public static EndpointHealth excluded(String reason) {
        return new EndpointHealth(Verdict.EXCLUDED, reason);
    }

    /** Whether the endpoint may be chosen for new work. */
    public boolean eligible() {
        return verdict == Verdict.ELIGIBLE;
    }
}
