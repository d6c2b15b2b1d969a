package io.cqrs.sample.service;

import io.cqrs.routing.RoutedConnection;
import org.jdbi.v3.core.Handle;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code @@server_id} of the server a handle's work ran on. Asked once per endpoint (the
 * router's endpoint names are stable), then taken from the endpoint the logical connection holds.
 */
public final class ServedBy {

    private final Map<String, Long> byEndpoint = new ConcurrentHashMap<>();

    /** Call after the handle ran its first statement (so the connection is borrowed). */
    public long serverId(Handle h) {
        try {
            String endpoint = h.getConnection().unwrap(RoutedConnection.class).currentEndpoint();
            Long known = endpoint == null ? null : byEndpoint.get(endpoint);
            if (known != null) {
                return known;
            }
            long id = h.createQuery("SELECT @@server_id").mapTo(Long.class).one();
            if (endpoint != null) {
                byEndpoint.put(endpoint, id);
            }
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("not a routed connection: " + e.getMessage(), e);
        }
    }
}
