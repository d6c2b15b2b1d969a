package io.cqrs.routing.internal;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.ConsistencySession;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.consistency.GtidCapture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Read-your-writes bookkeeping: which session a captured GTID goes to, which token a read must
 * honour, and the capture strategy of each physical source connection.
 *
 * <p>Capture: after a write committed on the source, the strategy of that physical connection
 * ({@link GtidCapture#detect}, once per driver connection, cached weakly by the unwrapped driver
 * connection so it dies with the pooled connection) reads the transaction's GTIDs, which are merged
 * into the session. The first capture on a connection reads the server's whole executed set,
 * because session tracking was only switched on by the detection after that commit. Capture runs
 * on the driver's connection, under the pool's proxy: HikariCP never sees a statement after the
 * commit, so it does not roll back a connection it would think dirty.
 */
final class Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

    private final ConsistencyConfig settings;
    /** Thread sessions of this DataSource on threads whose {@link ThreadContext} another DataSource claimed first. */
    private final ThreadLocal<ConsistencySession> threadSession = ThreadLocal.withInitial(ConsistencySession::new);
    private final Map<Connection, GtidCapture> captures = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile boolean failing;
    /**
     * Some thread's own session may hold a token. False until a capture first goes to a thread
     * session: until then no read looks the thread's session up (a read-only service never does).
     * A thread's session only receives its own thread's captures, so a thread always sees the
     * flag it set itself before its session got a token.
     */
    private volatile boolean threadTokens;

    Tokens(ConsistencyConfig settings) {
        this.settings = settings;
    }

    ConsistencyConfig settings() {
        return settings;
    }

    boolean captureEnabled() {
        return settings.capture();
    }

    /** Where a capture on this thread goes: the innermost scope's session, else the thread's. */
    ConsistencySession session() {
        ConsistencySession s = RoutingScope.currentSession();
        if (s != null) {
            return s;
        }
        threadTokens = true;
        return threadSession();
    }

    /**
     * This thread's default session (not the scope's): in the thread's {@link ThreadContext} when
     * this DataSource was the first there to need one, else in this instance's own thread-local.
     */
    ConsistencySession threadSession() {
        return threadSession(ThreadContext.current());
    }

    private ConsistencySession threadSession(ThreadContext ctx) {
        ConsistencySession s = ctx.sessionFor(this);
        return s != null ? s : threadSession.get();
    }

    /**
     * The token a read must honour, or null: the connection's own; else the innermost scope's
     * session; else, with session tokens on, the thread's — unless the connection or scope asked
     * for {@link ConsistencyLevel#EVENTUAL} or {@link ConsistencyLevel#BOUNDED_STALENESS}.
     * {@code ctx} is the borrowing thread's context (looked up once per borrow).
     */
    ConsistencyToken required(ConnectionSpec spec, ThreadContext ctx) {
        ConsistencyToken own = spec.token();
        if (own != null) {
            return own.isEmpty() ? null : own;
        }
        ConsistencyLevel level = spec.level();
        if (level == ConsistencyLevel.EVENTUAL || level == ConsistencyLevel.BOUNDED_STALENESS) {
            return null;
        }
        RoutingScope scope = ctx.scope();
        if (scope != null) {
            ConsistencySession s = scope.consistencySession();
            if (s != null) {
                return s.token();
            }
            if (level == null && scope.optsOutOfSessionTokens()) {
                return null;
            }
        }
        if (!threadTokens || (!settings.sessionTokens() && level != ConsistencyLevel.READ_YOUR_WRITES)) {
            return null;
        }
        return threadSession(ctx).token();
    }

    /** After a write committed on the source through {@code physical}; never throws. */
    void capture(EndpointRuntime source, Connection physical) {
        try {
            ServerFlavor flavor = source.flavor(physical);
            Connection key = physical.isWrapperFor(Connection.class) ? physical.unwrap(Connection.class) : physical;
            GtidCapture capture = captures.get(key);
            String gtids;
            // on the driver's connection, not the pool's proxy: a capture statement run with auto-commit
            // off would mark the proxy dirty and HikariCP would send a ROLLBACK when it comes back
            if (capture == null) {
                gtids = GtidCapture.globalExecuted(flavor).lastCommitted(key);
                capture = GtidCapture.detect(key, flavor);
                captures.put(key, capture);
            } else {
                gtids = capture.lastCommitted(key);
            }
            if (!gtids.isEmpty()) {
                session().merge(ConsistencyToken.of(flavor, gtids));
            }
            if (failing) {
                failing = false;
                LOG.info("read-your-writes: GTID capture on '{}' works again", source.name());
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("read-your-writes: could not capture the GTID of a write committed on '{}'; reads of this"
                        + " session may not see it until replicas catch up: {}", source.name(), e.toString());
            }
        }
    }
}
