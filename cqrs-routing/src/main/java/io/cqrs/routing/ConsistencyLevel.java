package io.cqrs.routing;

/**
 * How fresh a read must be. Applies to read-only work only: writes always go to the source.
 *
 * <p>In this version only {@link #STRONG} changes routing (reads go to the source). Lag budgets
 * ({@link #BOUNDED_STALENESS}) and GTID tokens ({@link #READ_YOUR_WRITES}) arrive with the lag
 * monitor; until then those levels route like {@link #EVENTUAL}.
 */
public enum ConsistencyLevel {
    /** Any eligible replica. */
    EVENTUAL,
    /** A replica whose lag is within a budget (reserved: currently routes like EVENTUAL). */
    BOUNDED_STALENESS,
    /** A replica that has applied the caller's consistency token (reserved: currently routes like EVENTUAL). */
    READ_YOUR_WRITES,
    /** The source. */
    STRONG;

    /** The route read-only work takes at this level. */
    public Route readRoute() {
        return this == STRONG ? Route.SOURCE : Route.AUTO;
    }
}
