package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointLoad;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.health.EndpointBreakers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One endpoint at run time: its pool, its breaker, its life cycle, and what
 * the router learned about it (session defaults, server flavour, tokens it has applied, last
 * failure). Everything it holds it changes itself; others call its methods.
 */
public final class EndpointRuntime implements EndpointLoad {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRuntime.class);

    private final EndpointConfig config;
    private final EndpointRole role;
    /** Replaced only by {@link #warmUp()}, when the old pool had no connection left. */
    private volatile EndpointPool pool;
    /** Builds a new pool like the first one; null when the pool cannot be rebuilt (tests). */
    private final Supplier<EndpointPool> newPool;
    private final boolean poolReadOnly;
    /** The pool lets statements be created on the driver's connections ({@link Lease#statements()}). */
    private final boolean directStatements;
    private final EndpointBreakers.Handle breaker;
    private final AtomicBoolean poolClosed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile boolean failing;
    private volatile SessionDefaults defaults;
    private volatile long lagNanos = -1;
    private volatile ConsistencyToken applied;
    private volatile ServerFlavor flavor;
    private volatile SQLException lastFailure;
    /** Connections of this endpoint running work that may move (first reads, token checks). */
    private final MovableWork movable = new MovableWork(MovableWork.CAPACITY);

    /**
     * @param pool         the endpoint's pool (HikariCP in production)
     * @param poolReadOnly whether the pool hands out read-only connections
     * @param breaker      this endpoint's breaker in the DataSource's registry
     */
    EndpointRuntime(EndpointConfig config, EndpointRole role, EndpointPool pool, boolean poolReadOnly,
                           EndpointBreakers.Handle breaker) {
        this(config, role, pool, null, poolReadOnly, breaker);
    }

    /** @param newPool builds a new pool like {@code pool} (for {@link #warmUp()}), or null */
    EndpointRuntime(EndpointConfig config, EndpointRole role, EndpointPool pool, Supplier<EndpointPool> newPool,
                    boolean poolReadOnly, EndpointBreakers.Handle breaker) {
        this.config = config;
        this.role = role;
        this.pool = pool;
        this.newPool = newPool;
        this.poolReadOnly = poolReadOnly;
        this.directStatements = pool.statementsOnDriver();
        this.breaker = breaker;
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

    /**
     * Whether statements on this endpoint's connections are created on the driver's connection, past the pool's
     * statement proxies (when the pool allows it; see {@link Lease#statements()}).
     */
    boolean directStatements() {
        return directStatements;
    }

    /** This endpoint's circuit breaker. */
    EndpointBreakers.Handle breaker() {
        return breaker;
    }

    /** Physical connections borrowed from this endpoint and not yet returned (the pool's own count). */
    @Override
    public int inFlight() {
        return pool.active();
    }

    /** HikariCP's statistics of this pool, or null for another kind of pool. */
    public HikariPoolMXBean poolMXBean() {
        return pool.mxBean();
    }

    /** Borrows a physical connection; {@link #returned()} when it went back. */
    Connection borrow() throws SQLException {
        if (retired) {
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
            if (!failing) {
                failing = true;
                LOG.warn("endpoint '{}' cannot give a connection: {}", name(), e.getMessage());
            }
            throw e instanceof SQLException s ? s : new SQLException(e.getMessage(), "08001", e);
        }
    }

    /**
     * A connection-level failure of this endpoint, seen outside a borrow (a statement, commit or
     * rollback on one of its connections): it feeds the breaker, and the pool's idle connections are
     * retired, since they were opened to the same server and HikariCP hands out one used in the
     * last 500 ms without checking it.
     */
    void connectionFailed(SQLException e) {
        if (breaker.countsAgainst(e)) {
            breaker.onFailure(0, e);
            lastFailure = e;
            evictIdle();
        }
    }

    /**
     * Makes sure the pool gives a connection now, before reads come back to this endpoint: one
     * borrow (HikariCP validates an idle connection not used in the last 500 ms), given back at
     * once. A pool left with no connection at all (its server was down or silent) is first replaced
     * by a new one: HikariCP's connection adder backs off up to 5 s between failed attempts, so the
     * old pool may stay cold for seconds after the server answers again, while a new pool connects
     * at once. Called off the read path (re-admission); throws what the borrow threw.
     *
     * @return what is left to do once the endpoint is back: closing the replaced pool (HikariCP's
     *         close waits up to a second for its sleeping connection adder), or nothing
     */
    Runnable warmUp() throws SQLException {
        EndpointPool p = pool;
        EndpointPool replaced = null;
        if (newPool != null && !retired && p.total() == 0) {
            replaced = p;
            p = newPool.get();
            pool = p;
            LOG.info("endpoint '{}': its pool had no connection left; replaced by a new one that connects at once", name());
        }
        EndpointPool old = replaced;
        Runnable closeOld = old == null ? () -> { } : () -> {
            try {
                old.close();
            } catch (RuntimeException e) {
                LOG.debug("endpoint '{}': closing the replaced pool failed: {}", name(), e.toString());
            }
        };
        try {
            p.getConnection().close();
        } catch (SQLException | RuntimeException e) {
            closeOld.run();
            throw e;
        }
        return closeOld;
    }

    /**
     * The connection that {@code key} ({@link #movableKey}) stands for starts work that may move elsewhere if it fails (a
     * first read, a token check): {@link #abortMovableWork()} may cut it short. Returns the slot for
     * {@link #movableWorkEnded}.
     */
    int movableWorkStarts(Connection key) {
        return movable.enter(key);
    }

    /** The movable work that {@link #movableWorkStarts} registered in {@code slot} under {@code key} ended. */
    void movableWorkEnded(int slot, Connection key) {
        movable.exit(slot, key);
    }

    /**
     * What movable work on {@code c}, a connection of this endpoint's pool, registers under: the
     * driver's connection under the pool's proxy (HikariCP makes a new proxy per borrow; the driver's
     * connection is the same on every borrow of it, so {@link MovableWork} need not store it again per
     * read), or {@code c} when the pool does not unwrap. Aborting it closes the session; HikariCP finds it
     * closed when the connection comes back and evicts it. Take it once before the work and pass the same key
     * to both ends ({@link Lease#driver()} takes it once per borrow): HikariCP replaces the connection under its
     * proxy when it finds it broken.
     */
    static Connection movableKey(Connection c) {
        try {
            Connection d = c.unwrap(Connection.class);
            return d != null ? d : c;
        } catch (SQLException | RuntimeException e) {
            return c;
        }
    }

    /**
     * This endpoint does not answer: the work on its connections that may move is aborted (the
     * connection's socket closed on a short-lived thread), so it fails at once with a connection-level
     * error and moves to another endpoint instead of waiting for the driver's socket timeout. Work that
     * may not move is left to its timeout. Returns how many connections were aborted.
     */
    int abortMovableWork() {
        return movable.abortAll(r -> {
            Thread t = new Thread(r, "cqrs-abort-" + name());
            t.setDaemon(true);
            t.start();
        });
    }

    /** Closes the pool's idle connections (borrowed ones are closed when they come back), so the next borrows open new ones. */
    void evictIdle() {
        pool.evictIdle();
    }

    /** A physical connection from this endpoint went back to its pool (after {@code close()}). */
    void returned() {
        if (retired && pool.active() == 0) {
            closePool();
        }
    }

    /**
     * No new borrows; the pool closes as soon as the last borrowed connection returns. A borrow that
     * raced past the check finds the pool closed and fails over like any failed borrow.
     */
    void retire() {
        retired = true;
        if (pool.active() == 0) {
            closePool();
        }
    }

    boolean isRetired() {
        return retired;
    }

    void closePool() {
        if (poolClosed.compareAndSet(false, true)) {
            LOG.info("closing pool of endpoint '{}'", name());
            try {
                pool.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the pool of endpoint '{}' failed: {}", name(), e.toString());
            }
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

    /** The defaults if already learned, else null. */
    SessionDefaults knownDefaults() {
        return defaults;
    }

    @Override
    public long lagNanos() {
        return lagNanos;
    }

    /** The lag the monitor measured last, -1 when unknown (for the lowest-lag selector). */
    void lagMeasured(long nanos) {
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

    /** A borrow from this endpoint failed at the connection level (already recorded by the breaker). */
    void borrowFailed(SQLException e) {
        this.lastFailure = e;
    }

    @Override
    public String toString() {
        return name() + "(" + role + ")";
    }
}
