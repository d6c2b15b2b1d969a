package io.cqrs.routing;

import java.sql.Connection;

/**
 * The logical connection {@link RoutingDataSource} hands out. Reach it with
 * {@code connection.unwrap(RoutedConnection.class)}.
 */
public interface RoutedConnection extends Connection {

    /** The route given at {@link RoutingDataSource#getConnection(Route)} ({@link Route#AUTO} by default). */
    Route route();

    /** The endpoint of the physical connection held right now, or null when none is borrowed. */
    String currentEndpoint();

    /**
     * True inside a transaction that has done work (auto-commit off and a statement executed since
     * the last commit/rollback), or after {@link #unwrap} exposed the physical connection: the
     * physical connection cannot change until the transaction ends (or the connection closes).
     */
    boolean isPinned();
}
