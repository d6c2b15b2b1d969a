package io.cqrs.sample.consistency;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;
import io.cqrs.routing.CommitContext;
import io.cqrs.routing.CommitHook;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutedConnection;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.consistency.GtidCapture;
import io.cqrs.routing.consistency.GtidWaiter;
import io.cqrs.routing.jdbi.RoutingJdbi;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Read-your-writes for the sample app, built from what the router offers today:
 * <ul>
 *   <li>writes: the {@link #commitHook()} (install it in the {@code RoutingConfig}) reads the GTIDs
 *       right after each commit made inside {@link #write} — MariaDB {@code @@last_gtid}, MySQL the
 *       source's whole {@code gtid_executed} (one round trip; larger than the write, never too weak);</li>
 *   <li>reads: the read-only transaction first asks its replica whether it has the token
 *       ({@link GtidWaiter#contains}), waits up to the budget if not, and otherwise runs again on the
 *       source. A read that landed on the source (fallback) needs no check.</li>
 * </ul>
 * Replace with the router's own token capture and read-your-writes scope once they land.
 */
public final class GtidReadYourWrites implements ReadYourWrites {

    private static final Logger LOG = LoggerFactory.getLogger(GtidReadYourWrites.class);

    /** How a read with a token was served, for the demo's report. */
    public enum Outcome {
        /** The replica had already applied the token. */
        REPLICA_HAD_IT,
        /** The replica applied it within the wait budget. */
        REPLICA_WAITED,
        /** The read had landed on the source anyway (no replica available). */
        ON_SOURCE,
        /** The replica did not catch up within the budget: read again on the source. */
        SOURCE_AFTER_TIMEOUT
    }

    /** Told about every read that carried a token. Must be cheap and must not throw. */
    @FunctionalInterface
    public interface Observer {
        void onTokenRead(String endpoint, Outcome outcome, Duration waited);
    }

    private final Jdbi jdbi;
    private final Capture capture;
    private final String sourceEndpoint;
    private final Duration waitBudget;
    private final Observer observer;

    /**
     * @param jdbi           Jdbi over the RoutingDataSource whose config carries {@code capture}
     * @param capture        the commit hook given to that RoutingDataSource
     * @param sourceEndpoint the name of the source endpoint ({@code RoutingConfig.source().name()})
     * @param waitBudget     how long a read waits for its replica to apply a token before it goes to the source
     */
    public GtidReadYourWrites(Jdbi jdbi, Capture capture, String sourceEndpoint, Duration waitBudget, Observer observer) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.capture = Objects.requireNonNull(capture, "capture");
        this.sourceEndpoint = Objects.requireNonNull(sourceEndpoint, "sourceEndpoint");
        this.waitBudget = Objects.requireNonNull(waitBudget, "waitBudget");
        this.observer = observer == null ? (e, o, w) -> { } : observer;
    }

    /** A new commit hook for a RoutingConfig. */
    public static Capture commitHook() {
        return new Capture();
    }

    @Override
    public <R, X extends Exception> Written<R> write(HandleCallback<R, X> work) throws X {
        ConsistencyToken[] previous = capture.active.get();
        ConsistencyToken[] slot = new ConsistencyToken[1];
        capture.active.set(slot);
        try {
            R value = jdbi.inTransaction(work);
            return new Written<>(value, slot[0]);
        } finally {
            if (previous == null) {
                capture.active.remove();
            } else {
                capture.active.set(previous);
            }
        }
    }

    @Override
    public <R, X extends Exception> R read(ConsistencyToken token, HandleCallback<R, X> work) throws X {
        if (token == null || token.isEmpty()) {
            return RoutingJdbi.readOnly(jdbi, work);
        }
        long start = System.nanoTime();
        try {
            return RoutingJdbi.readOnly(jdbi, h -> {
                ensureApplied(h, token, start);
                return work.withHandle(h);
            });
        } catch (NotApplied e) {
            observer.onTokenRead(e.endpoint, Outcome.SOURCE_AFTER_TIMEOUT, Duration.ofNanos(System.nanoTime() - start));
            try (RoutingScope scope = RoutingScope.forceSource()) {
                return RoutingJdbi.readOnly(jdbi, work);
            }
        }
    }

    private void ensureApplied(Handle h, ConsistencyToken token, long start) {
        Connection c = h.getConnection();
        GtidWaiter waiter = GtidWaiter.forFlavor(token.flavor());
        try {
            boolean applied = waiter.contains(c, token.gtids()); // the first statement: borrows
            String endpoint = c.unwrap(RoutedConnection.class).currentEndpoint();
            if (sourceEndpoint.equals(endpoint)) {
                observer.onTokenRead(endpoint, Outcome.ON_SOURCE, Duration.ZERO);
                return;
            }
            if (applied) {
                observer.onTokenRead(endpoint, Outcome.REPLICA_HAD_IT, Duration.ZERO);
                return;
            }
            if (waiter.await(c, token.gtids(), waitBudget)) {
                observer.onTokenRead(endpoint, Outcome.REPLICA_WAITED, Duration.ofNanos(System.nanoTime() - start));
                return;
            }
            throw new NotApplied(endpoint);
        } catch (SQLException e) {
            throw new TokenCheckFailed("checking consistency token " + token + " failed: " + e.getMessage(), e);
        }
    }

    /** The commit hook half: captures tokens for commits made inside {@link #write}. */
    public static final class Capture implements CommitHook {

        private final ThreadLocal<ConsistencyToken[]> active = new ThreadLocal<>();
        private volatile ServerFlavor flavor;

        private Capture() {
        }

        @Override
        public void afterCommit(CommitContext context) throws SQLException {
            ConsistencyToken[] slot = active.get();
            if (slot == null) {
                return; // not one of ours (a read that fell back to the source, schema setup, ...)
            }
            Connection c = context.connection();
            ServerFlavor f = flavor;
            if (f == null) {
                f = ServerVersion.detect(c).flavor();
                flavor = f;
            }
            GtidCapture how = f == ServerFlavor.MARIADB ? GtidCapture.mariaDbLastGtid() : GtidCapture.globalExecuted(f);
            try {
                ConsistencyToken t = ConsistencyToken.of(f, how.lastCommitted(c));
                slot[0] = slot[0] == null ? t : slot[0].merge(t);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not capture the consistency token after a commit on '{}': {}", context.endpoint(), e.toString());
                throw e;
            }
        }
    }

    /** The replica did not apply the token within the budget (internal: triggers the source read). */
    private static final class NotApplied extends RuntimeException {
        final String endpoint;

        NotApplied(String endpoint) {
            super("replica '" + endpoint + "' has not applied the token yet", null, false, false);
            this.endpoint = endpoint;
        }
    }

    /** Checking or waiting for a token failed with a database error (the cause). */
    public static final class TokenCheckFailed extends RuntimeException {
        TokenCheckFailed(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
