package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.Route;

import java.time.Duration;

/**
 * What a caller asked for at {@code getConnection(...)}: a route, and for the consistency
 * variants a level, a staleness budget or a token. Immutable; the plain variants are shared
 * constants, so {@code getConnection()} allocates nothing for it.
 *
 * @param route  explicit route, {@link Route#AUTO} to follow scopes and the read-only flag
 * @param level  asked for by {@code getConnection(level...)}; null = decided by scopes and settings
 * @param maxLag bounded-staleness budget, or null
 * @param token  the token reads must honour, or null
 */
public record ConnectionSpec(Route route, ConsistencyLevel level, Duration maxLag, ConsistencyToken token) {

    public static final ConnectionSpec AUTO = new ConnectionSpec(Route.AUTO, null, null, null);
    private static final ConnectionSpec SOURCE = new ConnectionSpec(Route.SOURCE, null, null, null);
    private static final ConnectionSpec REPLICA = new ConnectionSpec(Route.REPLICA, null, null, null);

    /** The shared spec of a plain route. */
    public static ConnectionSpec of(Route route) {
        return switch (route) {
            case AUTO -> AUTO;
            case SOURCE -> SOURCE;
            case REPLICA -> REPLICA;
        };
    }
}
