package io.cqrs.routing;

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

    private static final ThreadLocal<RoutingScope> CURRENT = new ThreadLocal<>();

    private final Route route;
    private final ConsistencyLevel consistency;
    private final RoutingScope previous;
    private final Thread owner;
    private boolean closed;

    private RoutingScope(Route route, ConsistencyLevel consistency, RoutingScope previous) {
        this.route = route;
        this.consistency = consistency;
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
        return open(level.readRoute(), level);
    }

    private static RoutingScope open(Route route, ConsistencyLevel level) {
        RoutingScope scope = new RoutingScope(route, level, CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** The innermost open scope's route on this thread, {@link Route#AUTO} when none. */
    public static Route currentRoute() {
        RoutingScope s = CURRENT.get();
        return s == null ? Route.AUTO : s.route;
    }

    /** The innermost open scope's consistency level on this thread, {@link ConsistencyLevel#EVENTUAL} when none. */
    public static ConsistencyLevel currentConsistency() {
        RoutingScope s = CURRENT.get();
        return s == null ? ConsistencyLevel.EVENTUAL : s.consistency;
    }

    public Route route() {
        return route;
    }

    public ConsistencyLevel consistencyLevel() {
        return consistency;
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
        if (CURRENT.get() != this) {
            throw new IllegalStateException("RoutingScope closed while an inner scope is still open;"
                    + " close scopes in reverse order (use try-with-resources)");
        }
        closed = true;
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    @Override
    public String toString() {
        return "RoutingScope[route=" + route + ", consistency=" + consistency + "]";
    }
}
