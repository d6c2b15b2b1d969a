package io.cqrs.routing.internal;

import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.NoEndpointAvailableException.Attempt;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.fallback.SpillLimiter;
import io.cqrs.routing.fallback.SpillRejectedException;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The borrow protocol, written once: breaker permission → (spill permit) → pool borrow →
 * (token gate) → breaker outcome → route event. Every permission it takes ends in exactly one
 * success, failure or release; every spill permit it takes is either held by the returned
 * {@link Lease} or released. Which endpoint to try, and what a miss means, is the caller's.
 */
final class EndpointBorrower {

    /** What one try gave: a {@link Lease}, or a {@link Miss}. */
    sealed interface Outcome permits Lease, Miss {
    }

    /** How a try missed. */
    enum MissKind {
        /** The breaker refused a permission: nothing was borrowed. */
        REFUSED,
        /** The pool could not give a connection, or the token check failed on it. */
        FAILED,
        /** The connection was fine but the replica had not applied the token in time. */
        DECLINED
    }

    /** A try that gave no connection, and the attempt to report. */
    record Miss(MissKind kind, Attempt attempt) implements Outcome {
    }

    private final Listeners listeners;
    private final BreakerConfig breakerConfig;

    EndpointBorrower(Listeners listeners, BreakerConfig breakerConfig) {
        this.listeners = listeners;
        this.breakerConfig = breakerConfig;
    }

    /**
     * One try on {@code rt}.
     *
     * @param reason   the reason reported when it serves (a token gate may replace it)
     * @param gate     checks a token on the borrowed connection, or null
     * @param spill    the spill limiter when this is a fallback read on the source, or null
     * @throws SpillRejectedException the fallback cap was reached (reported as {@code SPILL_REJECTED})
     */
    Outcome borrow(EndpointRuntime rt, RoutingReason reason, boolean readOnly, TokenGate gate, SpillLimiter spill)
            throws SpillRejectedException {
        if (!ExclusionFilter.admits(rt)) {
            return new Miss(MissKind.REFUSED, new Attempt(rt.name(), rt.role(), breakerProblem(rt), null));
        }
        if (spill != null) {
            try {
                spill.acquire();
            } catch (SpillRejectedException e) {
                rt.breaker().releasePermission();
                listeners.reject(rt, RoutingReason.SPILL_REJECTED, readOnly, e);
                throw e;
            }
        }
        Connection c;
        try {
            c = rt.borrow();
        } catch (SQLException e) {
            return failed(rt, e, spill);
        }
        RoutingReason why = reason;
        Connection key = EndpointRuntime.movableKey(c); // the driver's connection: the lease keeps it
        if (gate != null) {
            int watched = rt.movableWorkStarts(key); // a check on a silent replica is cut short when it is found unresponsive
            try {
                try {
                    why = gate.accept(rt, c, reason);
                } finally {
                    rt.movableWorkEnded(watched, key);
                }
            } catch (SQLException e) {
                Lease.giveBack(rt, c);
                return failed(rt, e, spill);
            }
            if (why == null) {
                Lease.giveBack(rt, c);
                rt.breaker().onSuccess();
                if (spill != null) {
                    spill.release();
                }
                return new Miss(MissKind.DECLINED, new Attempt(rt.name(), rt.role(), gate.declined(), null));
            }
        }
        rt.breaker().onSuccess();
        listeners.route(rt, why, readOnly);
        return new Lease(c, key, rt, spill != null);
    }

    private Miss failed(EndpointRuntime rt, SQLException e, SpillLimiter spill) {
        if (spill != null) {
            spill.release();
        }
        if (rt.breaker().onFailure(0, e)) {
            rt.borrowFailed(e);
        }
        listeners.borrowFailure(rt.name(), rt.role(), e);
        return new Miss(MissKind.FAILED, new Attempt(rt.name(), rt.role(), NoEndpointAvailableException.describe(e), e));
    }

    /** What the breaker says when it refuses, with the last failure that counted. */
    String breakerProblem(EndpointRuntime rt) {
        SQLException last = rt.lastFailure();
        return "circuit breaker " + rt.breaker().state() + " (retried after " + BreakerConfig.KEY_WAIT_IN_OPEN_MS
                + "=" + breakerConfig.waitDurationInOpenState().toMillis() + "ms)"
                + (last == null ? "" : "; last failure: " + NoEndpointAvailableException.describe(last));
    }
}
