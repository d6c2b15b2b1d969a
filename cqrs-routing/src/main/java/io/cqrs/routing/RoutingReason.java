package io.cqrs.routing;

/**
 * Why a borrow went where it went. More reasons will be added (lag exclusion, breaker, token
 * pinning, spill cap): listeners must tolerate values they do not know.
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
    FALLBACK
}
