package io.cqrs.routing.jdbi;

import io.cqrs.routing.RoutingScope;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Helpers that say where Jdbi work goes. Checked exceptions of the callback pass through with
 * their type.
 *
 * <pre>{@code
 * List<Order> orders = RoutingJdbi.readOnly(jdbi, h -> h.createQuery("SELECT ...").mapTo(Order.class).list());
 * }</pre>
 */
public final class RoutingJdbi {

    private RoutingJdbi() {
    }

    /** Runs {@code callback} in a read-only transaction: on a replica (or the source by fallback). */
    public static <R, X extends Exception> R readOnly(Jdbi jdbi, HandleCallback<R, X> callback) throws X {
        return jdbi.withHandle(h -> {
            h.setReadOnly(true);
            return h.inTransaction(callback);
        });
    }

    /** Like {@link #readOnly(Jdbi, HandleCallback)} without a result. */
    public static <X extends Exception> void useReadOnly(Jdbi jdbi, HandleConsumer<X> consumer) throws X {
        readOnly(jdbi, h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    /** Runs {@code callback} in a transaction on the source, reads included ("read my own writes"). */
    public static <R, X extends Exception> R onSource(Jdbi jdbi, HandleCallback<R, X> callback) throws X {
        try (RoutingScope scope = RoutingScope.forceSource()) {
            return jdbi.inTransaction(callback);
        }
    }
}
