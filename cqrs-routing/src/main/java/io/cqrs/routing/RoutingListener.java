package io.cqrs.routing;

import java.sql.SQLException;

/**
 * Observes routing. Called synchronously on the caller's thread, so keep it cheap. An exception
 * thrown by a listener is logged and never reaches the JDBC caller.
 */
public interface RoutingListener {

    /** A physical connection was borrowed for a logical one. */
    default void onRoute(RoutingDecision decision) {
    }

    /** An endpoint's pool could not give a connection (the router may still fail over). */
    default void onBorrowFailure(String endpoint, EndpointRole role, SQLException failure) {
    }

    /** A new topology snapshot was published (replica added, removed, drained, health changed). */
    default void onTopologyChange(TopologySnapshot snapshot) {
    }
}
