package io.cqrs.routing.internal;

import io.cqrs.routing.lag.LagSnapshot;
import io.cqrs.routing.lag.ReplicaLag;

import java.time.Duration;

/**
 * The lag rule: whether a replica may serve a read as far as its lag goes. Without a budget it is
 * the monitor's verdict under the DataSource's max lag (with hysteresis), decided when the monitor
 * reports and published in the topology; with a caller's bounded-staleness budget it is the last
 * measured lag against that budget (no hysteresis), decided per read on the monitor's snapshot.
 */
final class LagGate {

    private final int failureThreshold;

    /** @param failureThreshold probe failures after which an unsampled replica no longer gets the benefit of the doubt */
    LagGate(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    /** Without a budget: the monitor's verdict; before the first sample, the benefit of the doubt until probes fail. */
    boolean passes(ReplicaLag r) {
        return r == null || r.admitsReads(failureThreshold);
    }

    /** With a budget: known lag within it. Unmonitored replicas cannot prove any budget. */
    static boolean within(LagSnapshot snap, String name, Duration budget) {
        ReplicaLag r = snap == null ? null : snap.get(name);
        return r != null && r.isWithin(budget);
    }

    /** Why a replica is excluded by lag (or what was measured), for verdicts and error messages. */
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
