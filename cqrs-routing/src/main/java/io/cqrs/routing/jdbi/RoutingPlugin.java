package io.cqrs.routing.jdbi;

import io.cqrs.routing.RoutedConnection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Jdbi plugin for a {@link io.cqrs.routing.RoutingDataSource}:
 * <ul>
 *   <li>{@link #create()} checks that Jdbi's connections are routed ones (warns once if not);</li>
 *   <li>{@link #readOnlyHandles()} also makes every handle start read-only, for the query side of a
 *       CQRS service: its transactions go to replicas unless a handle sets {@code setReadOnly(false)}.</li>
 * </ul>
 * Jdbi's own order of calls is fine either way: {@code inTransaction} sets auto-commit off before
 * or after {@code setReadOnly(true)}, and the routed connection borrows only at the first statement.
 * Installing an equal plugin twice is a no-op (plugins are equal when their mode is).
 */
public final class RoutingPlugin implements JdbiPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingPlugin.class);

    private final boolean readOnlyHandles;
    private final AtomicBoolean warned = new AtomicBoolean();

    private RoutingPlugin(boolean readOnlyHandles) {
        this.readOnlyHandles = readOnlyHandles;
    }

    /** Checks routing only; handles start read-write (writes to the source). */
    public static RoutingPlugin create() {
        return new RoutingPlugin(false);
    }

    /** Every handle starts read-only (reads to replicas). */
    public static RoutingPlugin readOnlyHandles() {
        return new RoutingPlugin(true);
    }

    @Override
    public Connection customizeConnection(Connection conn) throws SQLException {
        if (!conn.isWrapperFor(RoutedConnection.class) && warned.compareAndSet(false, true)) {
            LOG.warn("Jdbi connections do not come from a RoutingDataSource ({}), so nothing is routed;"
                    + " create Jdbi with Jdbi.create(routingDataSource)", conn.getClass().getName());
        }
        return conn;
    }

    @Override
    public Handle customizeHandle(Handle handle) throws SQLException {
        if (readOnlyHandles) {
            handle.setReadOnly(true);
        }
        return handle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutingPlugin other && other.readOnlyHandles == readOnlyHandles;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(readOnlyHandles) + RoutingPlugin.class.hashCode();
    }
}
