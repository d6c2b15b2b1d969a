package io.cqrs.routing;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.routing.internal.ConnectionSpec;
import io.cqrs.routing.internal.LogicalConnection;
import io.cqrs.routing.internal.Router;
import io.cqrs.routing.internal.TopologyManager;
import io.cqrs.routing.lag.LagMonitor;
import io.cqrs.routing.lag.LagSnapshot;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
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
 * <p>Replicas are excluded while their lag (background {@link LagMonitor}) is above the budget or
 * their circuit breaker is open; reads no replica can serve go to the source under a spill cap.
 * Writes committed on the source are captured as GTID {@link ConsistencyToken}s so the same
 * session's reads see them ({@link #currentToken()}, {@link RoutingScope#readYourWrites}).
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

    /** Starts the pools and monitors of {@code config}; endpoints that are down do not stop it. */
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
        checkOpen();
        return new LogicalConnection(router.spec(route));
    }

    /**
     * A read-only logical connection at {@code level}: {@link ConsistencyLevel#STRONG} the source;
     * {@link ConsistencyLevel#READ_YOUR_WRITES} honours the session's token even with
     * {@code cqrs.consistency.session-tokens=false}; {@link ConsistencyLevel#EVENTUAL} ignores it;
     * {@link ConsistencyLevel#BOUNDED_STALENESS} uses the DataSource's max lag (see
     * {@link #getConnection(ConsistencyLevel, Duration)}).
     */
    public Connection getConnection(ConsistencyLevel level) throws SQLException {
        Objects.requireNonNull(level, "level");
        return getConnection(level, level == ConsistencyLevel.BOUNDED_STALENESS ? config.lag().maxLag() : null);
    }

    /**
     * A read-only logical connection that only reads from a replica whose measured lag is at most
     * {@code maxLag} (else the source); {@code level} must be {@link ConsistencyLevel#BOUNDED_STALENESS}
     * when {@code maxLag} is given.
     */
    public Connection getConnection(ConsistencyLevel level, Duration maxLag) throws SQLException {
        Objects.requireNonNull(level, "level");
        if (maxLag != null && (level != ConsistencyLevel.BOUNDED_STALENESS || maxLag.isNegative())) {
            throw new IllegalArgumentException("maxLag " + maxLag + " needs ConsistencyLevel.BOUNDED_STALENESS and a"
                    + " non-negative duration, was " + level);
        }
        checkOpen();
        Connection c = new LogicalConnection(new ConnectionSpec(router, level.readRoute(), level, maxLag, null));
        c.setReadOnly(true);
        return c;
    }

    /** A read-only logical connection whose reads see at least the writes of {@code token}. */
    public Connection getConnection(ConsistencyToken token) throws SQLException {
        Objects.requireNonNull(token, "token");
        checkOpen();
        Connection c = new LogicalConnection(new ConnectionSpec(router, Route.AUTO, ConsistencyLevel.READ_YOUR_WRITES, null, token));
        c.setReadOnly(true);
        return c;
    }

    private void checkOpen() throws SQLException {
        if (topology.isClosed()) {
            throw new SQLException("RoutingDataSource is closed", "08003");
        }
    }

    /**
     * The token of the current session's writes through this DataSource: the innermost
     * {@link RoutingScope#session()} / {@link RoutingScope#readYourWrites} scope's, else this
     * thread's. Empty when nothing was written (or capture is off). Pass
     * {@link ConsistencyToken#serialize()} to another service so its reads see these writes.
     */
    public Optional<ConsistencyToken> currentToken() {
        return Optional.ofNullable(topology.currentSession().token());
    }

    /** Forgets this thread's token (e.g. at the end of a request on a pooled thread). */
    public void clearToken() {
        topology.threadSession().clear();
    }

    /** Adds a listener after construction (metrics binders). */
    public void addListener(RoutingListener listener) {
        topology.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addListener(RoutingListener)}. */
    public void removeListener(RoutingListener listener) {
        topology.removeListener(listener);
    }

    /** The lag monitor, empty when monitoring is off ({@code cqrs.lag.enabled=false}). */
    public Optional<LagMonitor> lagMonitor() {
        return Optional.ofNullable(topology.lagMonitor());
    }

    /** The latest lag snapshot; empty when monitoring is off. One volatile read. */
    public Optional<LagSnapshot> lagSnapshot() {
        LagMonitor m = topology.lagMonitor();
        return m == null ? Optional.empty() : Optional.of(m.snapshot());
    }

    /** The circuit breaker state of every endpoint, source first. */
    public Map<String, CircuitBreaker.State> breakerStates() {
        return topology.breakerStates();
    }

    /** The circuit breaker of an endpoint (for metrics and manual transitions). */
    public CircuitBreaker breaker(String endpointName) {
        return topology.breakers().breaker(endpointName);
    }

    /** Fallback reads holding a spill permit on the source now. */
    public int spillInFlight() {
        return topology.spill().inFlight();
    }

    /** Not supported: credentials are configured per endpoint. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("RoutingDataSource uses the credentials configured per endpoint"
                + " (cqrs.source.username, cqrs.replicas[N].username); call getConnection() instead");
    }

    /** The configuration this DataSource was built with. */
    public RoutingConfig config() {
        return config;
    }

    /**
     * The current topology: endpoints, their status, routing verdict with its reason
     * ({@link EndpointState#verdict()}: eligible, draining, vetoed, breaker open, lag-excluded) and
     * load. Republished whenever a verdict changes.
     */
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
     * An external veto: {@link EndpointHealth#excluded(String)} keeps a replica out of rotation
     * (verdict {@link EndpointHealth.Verdict#EXCLUDED} with your reason), {@link EndpointHealth#HEALTHY}
     * lifts it. The router's own lag monitor and breakers need no help: their verdicts are already in
     * {@link #topology()}.
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

    /** True once {@link #close()} ran. */
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
