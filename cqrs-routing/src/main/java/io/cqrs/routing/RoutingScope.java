package io.cqrs.routing;

import io.cqrs.routing.internal.ThreadContext;

import java.time.Duration;
import java.util.Objects;

/**
 * A thread-local routing override for the code inside a try-with-resources block:
 *
 * <pre>{@code
 * try (RoutingScope s = RoutingScope.forceSource()) {
 *     return repository.findOrder(id);   // reads the source: "I just wrote, read me the truth"
 * }
 * }</pre>
 *
 * <p>Scopes nest; closing one restores the enclosing one. They must be closed in reverse order of
 * opening, on the thread that opened them. A scope is consulted when a logical connection borrows
 * its physical connection: a connection that already holds one (e.g. inside a transaction begun
 * before the scope) keeps it. An explicit {@link RoutingDataSource#getConnection(Route)} wins over
 * a scope.
 */
public final class RoutingScope implements AutoCloseable {


    private final Route route;
    private final ConsistencyLevel consistency;
    private final Duration maxLag;
    private final ConsistencySession session;
    /** The level was asked for (consistency, maxLag, readYourWrites), not inherited. */
    private boolean explicitLevel;
    private final RoutingScope previous;
    private final Thread owner;
    private boolean closed;

    private RoutingScope(Route route, ConsistencyLevel consistency, Duration maxLag, ConsistencySession session,
                         RoutingScope previous) {
        this.route = route;
        this.consistency = consistency;
        this.maxLag = maxLag;
        this.session = session;
        this.previous = previous;
        this.owner = Thread.currentThread();
    }

    /** Everything in the scope, reads included, goes to the source. */
    public static RoutingScope forceSource() {
        return open(Route.SOURCE, ConsistencyLevel.STRONG);
    }

    /** Work in the scope takes this route (see {@link Route}). */
    public static RoutingScope route(Route route) {
        Objects.requireNonNull(route, "route");
        return open(route, route == Route.SOURCE ? ConsistencyLevel.STRONG : currentConsistency());
    }

    /** Reads in the scope need this consistency ({@link ConsistencyLevel#STRONG} = the source). */
    public static RoutingScope consistency(ConsistencyLevel level) {
        Objects.requireNonNull(level, "level");
        RoutingScope s = open(level.readRoute(), level);
        s.explicitLevel = true;
        return s;
    }

    /**
     * Reads in the scope go to a replica whose measured lag is at most {@code maxLag}
     * ({@link ConsistencyLevel#BOUNDED_STALENESS}); when none qualifies, to the source.
     */
    public static RoutingScope maxLag(Duration maxLag) {
        Objects.requireNonNull(maxLag, "maxLag");
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("maxLag must not be negative, was " + maxLag);
        }
        RoutingScope outer = ThreadContext.current().scope();
        RoutingScope s = new RoutingScope(Route.AUTO, ConsistencyLevel.BOUNDED_STALENESS, maxLag,
                outer == null ? null : outer.session, outer);
        s.explicitLevel = true;
        return push(s);
    }

    /**
     * Reads in the scope see at least the writes of {@code token} (e.g. parsed from an HTTP header
     * another service set with {@link ConsistencyToken#serialize()}); writes in the scope are
     * merged into it, see {@link #currentSession()}.
     */
    public static RoutingScope readYourWrites(ConsistencyToken token) {
        RoutingScope outer = ThreadContext.current().scope();
        RoutingScope s = new RoutingScope(outer == null ? Route.AUTO : outer.route, ConsistencyLevel.READ_YOUR_WRITES,
                null, new ConsistencySession(token), outer);
        s.explicitLevel = true;
        return push(s);
    }

    /**
     * A fresh session: writes committed inside are captured into it and reads inside see them,
     * whatever thread-level session exists. Useful per request, so one request's token does not
     * follow the pooled thread into the next one.
     */
    public static RoutingScope session() {
        RoutingScope outer = ThreadContext.current().scope();
        return push(new RoutingScope(outer == null ? Route.AUTO : outer.route,
                outer == null ? ConsistencyLevel.READ_YOUR_WRITES : outer.consistency,
                outer == null ? null : outer.maxLag, new ConsistencySession(), outer));
    }

    private static RoutingScope open(Route route, ConsistencyLevel level) {
        RoutingScope outer = ThreadContext.current().scope();
        return push(new RoutingScope(route, level, outer == null ? null : outer.maxLag,
                outer == null ? null : outer.session, outer));
    }

    /**
     * Whether reads in the innermost scope opted out of session tokens: its level, asked for with
     * {@link #consistency} or {@link #maxLag}, is {@link ConsistencyLevel#EVENTUAL} or
     * {@link ConsistencyLevel#BOUNDED_STALENESS}.
     */
    public boolean optsOutOfSessionTokens() {
        RoutingScope s = this;
        while (s != null && !s.explicitLevel && s.session == null) {
            s = s.previous;
        }
        return s != null && s.session == null && s.explicitLevel
                && (s.consistency == ConsistencyLevel.EVENTUAL || s.consistency == ConsistencyLevel.BOUNDED_STALENESS);
    }

    private static RoutingScope push(RoutingScope scope) {
        ThreadContext.current().scope(scope);
        return scope;
    }

    /** The innermost open scope on this thread, or null. */
    public static RoutingScope current() {
        return ThreadContext.current().scope();
    }

    /** The session of the innermost scope that has one on this thread, or null. */
    public static ConsistencySession currentSession() {
        RoutingScope s = ThreadContext.current().scope();
        return s == null ? null : s.session;
    }

    /** The innermost open scope's route on this thread, {@link Route#AUTO} when none. */
    public static Route currentRoute() {
        RoutingScope s = ThreadContext.current().scope();
        return s == null ? Route.AUTO : s.route;
    }

    /** The innermost open scope's consistency level on this thread, {@link ConsistencyLevel#EVENTUAL} when none. */
    public static ConsistencyLevel currentConsistency() {
        RoutingScope s = ThreadContext.current().scope();
        return s == null ? ConsistencyLevel.EVENTUAL : s.consistency;
    }

    /** The route this scope asks for. */
    public Route route() {
        return route;
    }

    /** The consistency level this scope asks for. */
    public ConsistencyLevel consistencyLevel() {
        return consistency;
    }

    /** The bounded-staleness budget of this scope, or null. */
    public Duration maxLagBudget() {
        return maxLag;
    }

    /** This scope's session, or null. */
    public ConsistencySession consistencySession() {
        return session;
    }

    /**
     * Restores the enclosing scope. Closing twice is a no-op.
     *
     * @throws IllegalStateException if an inner scope is still open or this is another thread
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("RoutingScope opened on thread '" + owner.getName()
                    + "' closed on thread '" + Thread.currentThread().getName() + "'; close it where it was opened");
        }
        if (ThreadContext.current().scope() != this) {
            throw new IllegalStateException("RoutingScope closed while an inner scope is still open;"
                    + " close scopes in reverse order (use try-with-resources)");
        }
        closed = true;
        ThreadContext.current().scope(previous);
    }

    @Override
    public String toString() {
        return "RoutingScope[route=" + route + ", consistency=" + consistency
                + (maxLag == null ? "" : ", maxLag=" + maxLag.toMillis() + "ms") + (session == null ? "" : ", " + session) + "]";
    }
}
