package io.cqrs.routing.lag;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection for a background task (lag monitor, heartbeat writer). Give these tasks
 * their own small source rather than the routing pool, so that a busy pool does not read as lag.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** A new connection (the caller closes it). */
    Connection open() throws SQLException;
}
