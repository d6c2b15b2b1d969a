package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.fallback.SpillLimiter;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The result of a borrow, which the logical connection keeps while it holds the physical
 * connection: the connection, the endpoint it came from, the spill permit of a fallback read, and
 * what has happened on it since (statements created, anything executed, its read-only state) —
 * what first-read failover and read-only replay need to know. {@link #release(SpillLimiter)} gives everything
 * back exactly once.
 */
final class Lease implements EndpointBorrower.Outcome {

    private final Connection physical;
    private final EndpointRuntime endpoint;
    /** Holds a permit of the DataSource's spill limiter. */
    private final boolean spill;
    /** The read-only state of the physical connection: the pool's, until set. */
    private boolean readOnly;
    /** Nothing executed on it yet. */
    private boolean fresh = true;
    /** Statements created on it: 0, 1, or 2 for more (only "none" and "exactly one" matter). */
    private byte created;

    Lease(Connection physical, EndpointRuntime endpoint, boolean spillPermit) {
        this.physical = physical;
        this.endpoint = endpoint;
        this.spill = spillPermit;
        this.readOnly = endpoint.poolReadOnly();
    }

    Connection physical() {
        return physical;
    }

    EndpointRuntime endpoint() {
        return endpoint;
    }

    boolean onReplica() {
        return endpoint.role() == EndpointRole.REPLICA;
    }

    /**
     * A read the router meant for a replica: served by one, or by the source as the fallback of such a
     * read (only those hold a spill permit). Forced-source and read-write work never is.
     */
    boolean replicaRead() {
        return spill || onReplica();
    }

    /** Whether this lease holds a spill permit (a fallback read on the source). */
    boolean holdsSpillPermit() {
        return spill;
    }

    /** Sets the physical connection's read-only state, unless it already is {@code value}. */
    void readOnly(boolean value) throws SQLException {
        if (value != readOnly) {
            physical.setReadOnly(value);
            readOnly = value;
        }
    }

    boolean fresh() {
        return fresh;
    }

    /** A statement (or savepoint) is about to execute on it. */
    void executing() {
        fresh = false;
    }

    int created() {
        return created;
    }

    /** A statement was created on it; returns how many were created before (2 meaning two or more). */
    int statementCreated() {
        byte before = created;
        if (before < 2) {
            created = (byte) (before + 1);
        }
        return before;
    }

    /** Closes the physical connection (back to its pool), then tells the endpoint and gives the spill permit back to {@code limiter}. */
    void release(SpillLimiter limiter) throws SQLException {
        try {
            physical.close();
        } finally {
            endpoint.returned();
            if (spill) {
                limiter.release();
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
