package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.cqrs.routing.health.EndpointBreakers;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointLoad;
import io.cqrs.routing.EndpointRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One endpoint at run time: its pool, its in-flight count, its life cycle. */
public final class EndpointRuntime implements EndpointLoad {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRuntime.class);

    private final EndpointConfig config;
    private final EndpointRole role;
    private final HikariDataSource pool;
    private final boolean poolReadOnly;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean poolClosed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile boolean failing;
    private volatile SessionDefaults defaults;
    private volatile long lagNanos = -1;
    private volatile ConsistencyToken applied;
    private volatile ServerFlavor flavor;
    private volatile SQLException lastFailure;
    /** This endpoint's breaker, cached on first use (the registry returns one handle per name). */
    private EndpointBreakers.Handle breaker;

    public EndpointRuntime(EndpointConfig config, EndpointRole role, HikariDataSource pool, boolean poolReadOnly) {
        this.config = config;
        this.role = role;
        this.pool = pool;
        this.poolReadOnly = poolReadOnly;
    }

    public EndpointConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public EndpointRole role() {
        return role;
    }

    /** Whether this pool hands out read-only connections. */
    public boolean poolReadOnly() {
        return poolReadOnly;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    public HikariPoolMXBean poolMXBean() {
        return pool.getHikariPoolMXBean();
    }

    /** Borrows a physical connection; the in-flight count covers it until {@link #returned()}. */
    Connection borrow() throws SQLException {
        inFlight.incrementAndGet();
        if (retired) {
            returned();
            throw new SQLException("endpoint '" + name() + "' was removed from the topology", "08003");
        }
        try {
            Connection c = pool.getConnection();
            if (failing) {
                failing = false;
                LOG.info("endpoint '{}' gives connections again", name());
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            returned();
            if (!failing) {
                failing = true;
                LOG.warn("endpoint '{}' cannot give a connection: {}", name(), e.getMessage());
            }
            throw e instanceof SQLException s ? s : new SQLException(e.getMessage(), "08001", e);
        }
    }

    /** This endpoint's breaker handle in {@code breakers}, without a lookup by name after the first call. */
    EndpointBreakers.Handle breaker(EndpointBreakers breakers) {
        EndpointBreakers.Handle h = breaker;
        if (h == null) {
            h = breakers.handle(name()); // racing threads get the same handle
            breaker = h;
        }
        return h;
    }

    /** Closes the pool's idle connections (borrowed ones are closed when they come back), so the next borrows open new ones. */
    void evictIdle() {
        var bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
        }
    }

    /** A physical connection from this endpoint went back to its pool. */
    void returned() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            closePool();
        }
    }

    /** No new borrows; the pool closes as soon as the last borrowed connection returns. */
    void retire() {
        retired = true;
        if (inFlight.get() == 0) {
            closePool();
        }
    }

    boolean isRetired() {
        return retired;
    }

    void closePool() {
        if (poolClosed.compareAndSet(false, true)) {
            LOG.info("closing pool of endpoint '{}'", name());
            pool.close();
        }
    }

    boolean isPoolClosed() {
        return poolClosed.get();
    }

    /** The pool's session defaults, learned from {@code c} (a connection of this pool) the first time. */
    SessionDefaults defaults(Connection c) throws SQLException {
        SessionDefaults d = defaults;
        if (d == null) {
            d = SessionDefaults.learn(c);
            defaults = d;
        }
        return d;
    }

    @Override
    public long lagNanos() {
        return lagNanos;
    }

    void lagNanos(long nanos) {
        this.lagNanos = nanos;
    }

    /**
     * Whether this replica is known to have applied {@code token}: it contains a set a GTID check
     * or wait on it confirmed earlier. No round trip; the same GTID text (a token parsed again from
     * the same header) is decided without parsing.
     */
    boolean hasApplied(ConsistencyToken token) {
        ConsistencyToken a = applied;
        return a != null && a.flavor() == token.flavor()
                && (a == token || a.gtids().equals(token.gtids()) || token.isContainedIn(a.gtids()));
    }

    /** Remembers that this replica has applied {@code token} (a lost race only costs a later check). */
    void learnApplied(ConsistencyToken token) {
        ConsistencyToken a = applied;
        applied = a == null || a.flavor() != token.flavor() ? token : a.merge(token);
    }

    /** The server family, asked once per endpoint with {@code SELECT VERSION()} on {@code c}. */
    ServerFlavor flavor(Connection c) throws SQLException {
        ServerFlavor f = flavor;
        if (f == null) {
            f = ServerVersion.detect(c).flavor();
            flavor = f;
        }
        return f;
    }

    /** The last connection-level failure seen on this endpoint, or null. */
    SQLException lastFailure() {
        return lastFailure;
    }

    void lastFailure(SQLException e) {
        this.lastFailure = e;
    }

    /** The defaults if already learned, else null. */
    SessionDefaults knownDefaults() {
        return defaults;
    }

    @Override
    public String toString() {
        return name() + "(" + role + ", inFlight=" + inFlight.get() + ")";
    }
}
