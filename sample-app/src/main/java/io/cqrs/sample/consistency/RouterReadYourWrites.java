package io.cqrs.sample.consistency;

import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.jdbi.RoutingJdbi;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.util.Objects;

/**
 * Read-your-writes done by the router itself: each call runs in its own
 * {@link RoutingScope#session() session} (so a pooled gRPC thread never carries one client's
 * token into the next request); the router captures the GTID of every committed write into that
 * session, and a read inside {@link RoutingScope#readYourWrites(ConsistencyToken)} goes to a
 * replica known to have the token, else waits on one within the configured budget
 * ({@code cqrs.consistency.token-wait-ms}), else reads the source.
 */
public final class RouterReadYourWrites implements ReadYourWrites {

    private final Jdbi jdbi;

    public RouterReadYourWrites(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public <R, X extends Exception> Written<R> write(HandleCallback<R, X> work) throws X {
        try (RoutingScope scope = RoutingScope.session()) {
            R value = jdbi.inTransaction(work);
            return new Written<>(value, scope.consistencySession().token());
        }
    }

    @Override
    public <R, X extends Exception> R read(ConsistencyToken token, HandleCallback<R, X> work) throws X {
        try (RoutingScope scope = token == null || token.isEmpty() ? RoutingScope.session() : RoutingScope.readYourWrites(token)) {
            return RoutingJdbi.readOnly(jdbi, work);
        }
    }
}
