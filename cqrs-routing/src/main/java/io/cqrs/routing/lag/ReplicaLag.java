package io.cqrs.routing.lag;

import java.time.Duration;
import java.time.Instant;

/**
 * What the monitor knows about one replica.
 *
 * @param endpoint            the replica's endpoint name
 * @param lag                 last measured lag; null when unknown (never measured, the probe
 *                            could not bound it, or {@code failureThreshold} probes failed in a row)
 * @param transactionsBehind  from the GTID probe; -1 when unknown
 * @param replicationStopped  the replica said it is not applying
 * @param sampledAt           when the last successful sample was taken; null before the first
 * @param consecutiveFailures probe failures since the last success
 * @param eligible            whether the router may send lag-bounded reads here (with hysteresis, see {@link LagMonitor})
 * @param lastError           the last probe failure's message, or null after a success
 * @param unresponsive        the last probe found the replica's own connection broken or silent (it
 *                            could not connect, or the server did not answer within
 *                            {@code cqrs.lag.probe-timeout-ms}): ineligible at once, until a probe answers
 */
public record ReplicaLag(String endpoint, Duration lag, long transactionsBehind, boolean replicationStopped,
                         Instant sampledAt, int consecutiveFailures, boolean eligible, String lastError,
                         boolean unresponsive) {

    /** A replica that answered its last probe (or failed it without breaking its connection). */
    public ReplicaLag(String endpoint, Duration lag, long transactionsBehind, boolean replicationStopped,
                      Instant sampledAt, int consecutiveFailures, boolean eligible, String lastError) {
        this(endpoint, lag, transactionsBehind, replicationStopped, sampledAt, consecutiveFailures, eligible, lastError, false);
    }

    static ReplicaLag unknown(String endpoint) {
        return new ReplicaLag(endpoint, null, -1, false, null, 0, false, null, false);
    }

    /**
     * Whether lag-bounded reads may go here: {@link #eligible()}, or — the benefit of the doubt — not sampled yet and
     * its probes have not failed {@code failureThreshold} times in a row. The router routes by this; the monitor logs
     * its changes.
     */
    public boolean admitsReads(int failureThreshold) {
        return eligible || (sampledAt == null && consecutiveFailures < failureThreshold);
    }

    /** True when the lag is known. */
    public boolean isLagKnown() {
        return lag != null;
    }

    /**
     * A per-call lag budget: known lag, replication running and lag at most {@code maxLag}.
     * No hysteresis — that belongs to the monitor's own {@link #eligible()} state.
     */
    public boolean isWithin(Duration maxLag) {
        return lag != null && !replicationStopped && lag.compareTo(maxLag) <= 0;
    }
}
