package io.cqrs.routing.lag;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Measures one replica's lag over a connection to it. A probe instance belongs to one
 * replica (it may keep state between calls) and is called by one thread at a time.
 * Throwing means "could not measure"; the {@link LagMonitor} counts consecutive failures.
 */
@FunctionalInterface
public interface LagProbe {

    /** Measures the lag of the replica behind {@code replica}. */
    LagSample probe(Connection replica) throws SQLException;

    /** A short name for logs. */
    default String name() {
        return getClass().getSimpleName();
    }
}
