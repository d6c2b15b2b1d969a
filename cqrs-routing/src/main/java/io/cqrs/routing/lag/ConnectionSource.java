package io.cqrs.routing.lag;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection for a background task (lag monitor, heartbeat writer). Give these tasks
 * their own small source rather than the routing pool, so that a busy pool does not read as lag.
 */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;
}
