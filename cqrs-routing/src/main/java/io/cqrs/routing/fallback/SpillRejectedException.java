package io.cqrs.routing.fallback;

import java.sql.SQLTransientConnectionException;

/**
 * A read found no eligible replica and the source's fallback permits were all taken.
 * SQLState {@value #SQL_STATE} ("SQL-server rejected establishment of SQL-connection"): the
 * router refused to open the source for this read; transient, so a retry may succeed. The
 * source itself is healthy — do not feed this to its circuit breaker.
 */
public class SpillRejectedException extends SQLTransientConnectionException {

    /** SQLState of a rejection: class 08 (connection exception), like an unreachable server. */
    public static final String SQL_STATE = "08004";
    private static final long serialVersionUID = 1L;

    /** The cap in force. */
    private final int maxConcurrent;
    /** Fallback reads in flight at the rejection. */
    private final int inFlight;

    /** A rejection, with the cap and the fallback reads in flight. */
    public SpillRejectedException(String message, int maxConcurrent, int inFlight) {
        super(message, SQL_STATE);
        this.maxConcurrent = maxConcurrent;
        this.inFlight = inFlight;
    }

    /** The cap in force when this read was rejected. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** Fallback reads in flight when this one was rejected. */
    public int inFlight() {
        return inFlight;
    }
}
