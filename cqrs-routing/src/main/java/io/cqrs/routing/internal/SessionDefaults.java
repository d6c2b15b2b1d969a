package io.cqrs.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The session state an endpoint's pool hands out connections with (HikariCP resets every returned
 * connection to it). Learned once from the first physical connection that needs it, so replay can
 * skip sets that would change nothing.
 */
public record SessionDefaults(int isolation, String catalog, String schema, int holdability) {

    static SessionDefaults learn(Connection c) throws SQLException {
        String schema;
        try {
            schema = c.getSchema();
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
            schema = null;
        }
        return new SessionDefaults(c.getTransactionIsolation(), c.getCatalog(), schema, c.getHoldability());
    }
}
