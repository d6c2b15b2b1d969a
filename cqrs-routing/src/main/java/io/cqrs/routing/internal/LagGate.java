package io.cqrs.routing.internal;

import io.cqrs.routing.lag.LagSnapshot;
import io.cqrs.routing.lag.ReplicaLag;

import java.time.Duration;

/**
 * Whether a replica may serve a read as far as its lag goes: the DataSource's max lag (the
 * monitor's verdict, with hysteresis) or a caller's bounded-staleness budget (without). Decided on
 * the snapshot the monitor published; no locks.
 */
final class LagGate {

    private final int failureThreshold;

    /** A lag snapshot and whether every replica in it passes without a budget. */
    private record Verdict(LagSnapshot snapshot, boolean allPass) {
    }

    /** The verdict on the current snapshot, computed once per published snapshot (not per read). */
    private volatile Verdict verdict;

    /** @param failureThreshold probe failures after which an unsampled replica no longer gets the benefit of the doubt */
    LagGate(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    /** Whether replica {@code name} passes: within {@code budget} when given, else eligible under the max lag. */
    boolean allows(LagSnapshot snap, String name, Duration budget) {
        if (snap == null) {
            return budget == null; // not monitored: no budget can be proven
        }
        ReplicaLag r = snap.get(name);
        if (r == null) {
            return budget == null; // added after start: not monitored
        }
        if (budget != null) {
            return r.isWithin(budget);
        }
        return passesWithoutBudget(r);
    }

    private boolean passesWithoutBudget(ReplicaLag r) {
        // before the first sample a replica is given the benefit of the doubt, until probes fail
        return r.eligible() || (r.sampledAt() == null && r.consecutiveFailures() < failureThreshold);
    }

    /**
     * Whether no replica can be excluded by lag without a budget: every monitored replica passes,
     * and an unmonitored one always passes without a budget. {@code snap} is not null.
     */
    boolean allPass(LagSnapshot snap) {
        Verdict v = verdict;
        if (v == null || v.snapshot() != snap) {
            boolean all = true;
            for (ReplicaLag r : snap.replicas().values()) {
                if (!passesWithoutBudget(r)) {
                    all = false;
                    break;
                }
            }
            v = new Verdict(snap, all);
            verdict = v;
        }
        return v.allPass();
    }

    /** Why a replica was excluded by lag, for error messages. */
    static String describe(ReplicaLag r) {
        if (r == null) {
            return "not monitored (cqrs.lag.enabled=false or added at run time), so no staleness budget can be met";
        }
        if (r.replicationStopped()) {
            return "replication stopped";
        }
        if (r.lag() == null) {
            return "lag unknown" + (r.lastError() == null ? "" : " (" + r.lastError() + ")");
        }
        return "lag " + r.lag().toMillis() + "ms";
    }
}
