package io.cqrs.routing.lag;

import io.cqrs.common.GtidSet;

import java.time.Duration;

/**
 * One measurement of a replica.
 *
 * @param lag                 how far the replica's data is behind the source; null when unknown
 * @param replicationStopped  the replica is not applying (IO or SQL thread stopped, not a replica)
 * @param transactionsBehind  transactions the replica is missing; -1 when the probe does not know
 * @param applied             the GTIDs the replica had applied when probed (MySQL {@code gtid_executed},
 *                            MariaDB {@code gtid_slave_pos}); null when the probe does not read them.
 *                            The router remembers them as "known applied", so a read whose token they
 *                            contain needs no round trip.
 */
public record LagSample(Duration lag, boolean replicationStopped, long transactionsBehind, GtidSet applied) {

    /** A negative lag counts as zero. */
    public LagSample {
        if (lag != null && lag.isNegative()) {
            lag = Duration.ZERO;
        }
    }

    /** A sample that does not say which GTIDs the replica applied. */
    public LagSample(Duration lag, boolean replicationStopped, long transactionsBehind) {
        this(lag, replicationStopped, transactionsBehind, null);
    }

    /** This sample, also saying which GTIDs the replica had applied. */
    public LagSample withApplied(GtidSet gtids) {
        return new LagSample(lag, replicationStopped, transactionsBehind, gtids);
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
