package io.cqrs.routing;

/**
 * Why a borrow went where it went, why an endpoint was skipped, or why a request was refused.
 * Listeners must tolerate values they do not know: more may be added.
 *
 * <p>Served ({@link RoutingListener#onRoute}): {@link #READ_WRITE}, {@link #READ_ONLY},
 * {@link #FORCED_SOURCE}, {@link #FORCED_REPLICA}, {@link #FAILOVER}, {@link #FALLBACK},
 * {@link #TOKEN_PINNED}, {@link #TOKEN_WAITED}, {@link #TOKEN_FALLBACK}, {@link #DEGRADED}.
 * Skipped ({@link RoutingListener#onExclude}): {@link #LAG_EXCLUDED}, {@link #BREAKER_OPEN}.
 * Refused ({@link RoutingListener#onReject}): {@link #BREAKER_OPEN} (source), {@link #SPILL_REJECTED}.
 */
public enum RoutingReason {
    /** Not read-only: the source. */
    READ_WRITE,
    /** Read-only: the chosen replica. */
    READ_ONLY,
    /** Sent to the source by {@link Route#SOURCE}, a force-source scope or {@link ConsistencyLevel#STRONG}. */
    FORCED_SOURCE,
    /** Sent to a replica by {@link Route#REPLICA} without the read-only flag. */
    FORCED_REPLICA,
    /** Read on another replica because the chosen one could not give a connection. */
    FAILOVER,
    /** Read on the source because no replica was eligible or none could give a connection. */
    FALLBACK,
    /** A replica skipped: its lag is above the DataSource's max lag or the caller's bounded-staleness budget. */
    LAG_EXCLUDED,
    /** An endpoint skipped (replica) or refused (source): its circuit breaker is open. */
    BREAKER_OPEN,
    /** Read with a token on a replica known to contain it: no round trip (or, for a degraded read, one check). */
    TOKEN_PINNED,
    /**
     * Read with a token on a replica after the server's wait statement confirmed it (one statement,
     * which returns at once when the replica already had the token).
     */
    TOKEN_WAITED,
    /** Read with a token on the source: no replica applied it within the wait budget. */
    TOKEN_FALLBACK,
    /** A fallback read refused: the spill cap on concurrent fallback reads was reached. */
    SPILL_REJECTED,
    /**
     * Read on a lag-excluded replica because the source could not serve it either (source down):
     * stale data rather than no data. Never used for bounded-staleness reads; a read with a token only
     * goes to a replica that already contains it.
     */
    DEGRADED
}
