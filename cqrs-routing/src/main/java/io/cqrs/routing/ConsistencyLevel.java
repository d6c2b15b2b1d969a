package io.cqrs.routing;

/**
 * How fresh a read must be. Chosen per call or per scope; applies to read-only work only
 * (writes always go to the source).
 */
public enum ConsistencyLevel {
    /** Any eligible replica (within the DataSource's lag budget). */
    EVENTUAL,
    /** A replica whose measured lag is within the caller's {@code maxLag}; else the source. */
    BOUNDED_STALENESS,
    /**
     * A replica that has applied the caller's {@link ConsistencyToken} (known to, or after a
     * short wait); else the source.
     */
    READ_YOUR_WRITES,
    /** The source, always. */
    STRONG;

    /** The route read-only work takes at this level. */
    public Route readRoute() {
        return this == STRONG ? Route.SOURCE : Route.AUTO;
    }
}
