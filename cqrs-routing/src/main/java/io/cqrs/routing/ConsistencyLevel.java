package io.cqrs.routing;

/**
 * How fresh a read must be. Chosen per call or per scope; the router picks the endpoint.
 */
public enum ConsistencyLevel {
    /** Any eligible replica, however far behind within the configured lag budget. */
    EVENTUAL,
    /** A replica whose measured lag is within the caller's {@code maxLag}; else the source. */
    BOUNDED_STALENESS,
    /**
     * A replica that has applied the caller's {@link ConsistencyToken} (known to, or after a
     * short wait); else the source.
     */
    READ_YOUR_WRITES,
    /** The source, always. */
    STRONG
}
