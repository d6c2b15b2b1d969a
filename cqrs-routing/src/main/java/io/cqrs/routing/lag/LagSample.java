package io.cqrs.routing.lag;

import java.time.Duration;

/**
 * One measurement of a replica.
 *
 * @param lag                 how far the replica's data is behind the source; null when unknown
 * @param replicationStopped  the replica is not applying (IO or SQL thread stopped, not a replica)
 * @param transactionsBehind  transactions the replica is missing; -1 when the probe does not know
 */
public record LagSample(Duration lag, boolean replicationStopped, long transactionsBehind) {

    /** A negative lag counts as zero. */
    public LagSample {
        if (lag != null && lag.isNegative()) {
            lag = Duration.ZERO;
        }
    }

    /** A measured lag. */
    public static LagSample of(Duration lag) {
        return new LagSample(lag, false, -1);
    }

    /** The replica is not applying. */
    public static LagSample stopped() {
        return new LagSample(null, true, -1);
    }

    /** Behind by {@code transactions} with no time bound known. */
    public static LagSample behind(long transactions) {
        return new LagSample(null, false, transactions);
    }

    /** True when the lag is known. */
    public boolean isLagKnown() {
        return lag != null;
    }
}
