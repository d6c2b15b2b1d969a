package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.Route;

import java.time.Duration;
import java.util.Objects;

/**
 * What a caller asked for at {@code getConnection(...)}, and of which router: a route, and for the
 * consistency variants a level, a staleness budget or a token. Immutable; the plain variants are
 * shared per router ({@link Router#spec(Route)}), so {@code getConnection()} allocates nothing for
 * it and the logical connection carries one reference for both.
 *
 * @param router the router of the DataSource that handed the connection out
 * @param route  explicit route, {@link Route#AUTO} to follow scopes and the read-only flag
 * @param level  asked for by {@code getConnection(level...)}; null = decided by scopes and settings
 * @param maxLag bounded-staleness budget, or null
 * @param token  the token reads must honour, or null
 */
public record ConnectionSpec(Router router, Route route, ConsistencyLevel level, Duration maxLag, ConsistencyToken token) {

    public ConnectionSpec {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(route, "route");
    }
}
