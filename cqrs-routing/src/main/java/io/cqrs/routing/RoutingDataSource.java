package io.cqrs.routing;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.routing.internal.LogicalConnection;
import io.cqrs.routing.internal.Router;
import io.cqrs.routing.internal.TopologyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Optional;

/**
 * A DataSource over a source and its replicas, one HikariCP pool per endpoint.
 *
 * <p>{@link #getConnection()} returns a logical connection without touching any pool. At its first
 * real use it borrows from the source, or from a replica if the connection is read-only
 * ({@link Connection#setReadOnly}, before or after {@code getConnection()}), or as a
 * {@link Route} / {@link RoutingScope} says. A transaction never changes endpoint; between
 * transactions a read-only change may move the connection. If a replica cannot give a
 * connection, the next eligible one is tried, then the source (unless
 * {@link RoutingConfig#fallbackToSource()} is off), before the caller sees an error.
 *
 * <p>Starts even when endpoints are down. The topology can change at run time
 * ({@link #addReplica}, {@link #removeReplica}, {@link #drainReplica}).
 */
public final class RoutingDataSource implements DataSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);

    private final RoutingConfig config;
    private final TopologyManager topology;
    private final Router router;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    public RoutingDataSource(RoutingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = new TopologyManager(config);
        this.router = topology.router();
        LOG.info("routing DataSource started: {}", config);
    }

    /** A logical connection routed by its read-only flag (and any {@link RoutingScope}). Borrows nothing. */
    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(Route.AUTO);
    }

    /** A logical connection that takes {@code route} whatever the read-only flag or scope says. Borrows nothing. */
    public Connection getConnection(Route route) throws SQLException {
        Objects.requireNonNull(route, "route");
        if (topology.isClosed()) {
            throw new SQLException("RoutingDataSource is closed", "08003");
        }
        return new LogicalConnection(router, route);
    }

    /** A logical connection for reads at {@code level} ({@link ConsistencyLevel#STRONG}: the source). */
    public Connection getConnection(ConsistencyLevel level) throws SQLException {
        Connection c = getConnection(level.readRoute());
        c.setReadOnly(true);
        return c;
    }

    /** Not supported: credentials are configured per endpoint. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("RoutingDataSource uses the credentials configured per endpoint"
                + " (cqrs.source.username, cqrs.replicas[N].username); call getConnection() instead");
    }

    public RoutingConfig config() {
        return config;
    }

    /** The current topology: endpoints, their status, health and load. */
    public TopologySnapshot topology() {
        return topology.snapshot();
    }

    /** The HikariCP pool statistics of an endpoint (active, idle, total, waiting). */
    public Optional<HikariPoolMXBean> poolMXBean(String endpointName) {
        return topology.poolMXBean(endpointName);
    }

    /**
     * Adds a replica and its pool; it takes reads as soon as this returns.
     *
     * @throws IllegalArgumentException if the configuration is invalid or the name is taken
     */
    public void addReplica(EndpointConfig replica) {
        topology.addReplica(replica);
    }

    /**
     * Removes a replica: no new borrows from now on; its pool closes once the connections already
     * borrowed from it are returned.
     */
    public void removeReplica(String name) {
        topology.removeReplica(name);
    }

    /** Stops new borrows from a replica; connections already borrowed finish their work. */
    public void drainReplica(String name) {
        topology.setStatus(name, EndpointStatus.DRAINING);
    }

    /** Lets a drained replica take new borrows again. */
    public void activateReplica(String name) {
        topology.setStatus(name, EndpointStatus.ACTIVE);
    }

    /**
     * Publishes what a monitor knows about a replica; replicas that are not
     * {@link EndpointHealth#eligible()} are skipped when choosing (the hook for lag monitors and
     * circuit breakers).
     */
    public void updateHealth(String replicaName, EndpointHealth health) {
        topology.updateHealth(replicaName, Objects.requireNonNull(health, "health"));
    }

    /** Closes every pool. Connections still borrowed are aborted by HikariCP. */
    @Override
    public void close() {
        topology.close();
        LOG.info("routing DataSource closed");
    }

    public boolean isClosed() {
        return topology.isClosed();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Recorded only: each pool's {@code connectionTimeout} bounds how long a borrow waits. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("RoutingDataSource logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("RoutingDataSource does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "RoutingDataSource[" + topology.snapshot() + "]";
    }
}
