package io.cqrs.routing.internal;

import io.cqrs.routing.fallback.SpillLimiter;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The result of a borrow: a physical connection, the endpoint it came from, and the spill permit
 * it holds when it is a fallback read on the source. The logical connection keeps it until it
 * gives the connection back with {@link #release()}, which returns everything exactly once.
 */
final class Lease implements EndpointBorrower.Outcome {

    private final Connection physical;
    private final EndpointRuntime endpoint;
    private final SpillLimiter spill;

    Lease(Connection physical, EndpointRuntime endpoint, SpillLimiter spill) {
        this.physical = physical;
        this.endpoint = endpoint;
        this.spill = spill;
    }

    Connection physical() {
        return physical;
    }

    EndpointRuntime endpoint() {
        return endpoint;
    }

    /** Whether this lease holds a spill permit (a fallback read on the source). */
    boolean holdsSpillPermit() {
        return spill != null;
    }

    /** Closes the physical connection (back to its pool), then frees the endpoint's count and the spill permit. */
    void release() throws SQLException {
        try {
            physical.close();
        } finally {
            endpoint.returned();
            if (spill != null) {
                spill.release();
            }
        }
    }

    /** Gives a connection back that was borrowed but not handed out (a declined token check). */
    static void giveBack(EndpointRuntime rt, Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the pool evicts it
        } finally {
            rt.returned();
        }
    }
}
