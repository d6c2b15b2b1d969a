package io.cqrs.routing;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the {@link ConsistencyToken} of one session's writes: tokens captured after commits
 * are merged in, and reads carrying it only go where those writes are visible. By default each
 * thread has one per {@link RoutingDataSource}; {@link RoutingScope#session()} and
 * {@link RoutingScope#readYourWrites(ConsistencyToken)} open an explicit one. Thread-safe.
 */
public final class ConsistencySession {

    private final AtomicReference<ConsistencyToken> token;

    /** A session with no token yet. */
    public ConsistencySession() {
        this(null);
    }

    /** A session that starts from {@code initial} (null or empty: no token). */
    public ConsistencySession(ConsistencyToken initial) {
        this.token = new AtomicReference<>(initial == null || initial.isEmpty() ? null : initial);
    }

    /** The token, or null when this session has written nothing (and was given nothing). */
    public ConsistencyToken token() {
        return token.get();
    }

    /**
     * Merges a token in. A token of the other server family replaces the held one (one session
     * should talk to one cluster).
     */
    public void merge(ConsistencyToken other) {
        if (other == null || other.isEmpty()) {
            return;
        }
        token.updateAndGet(t -> t == null || t.flavor() != other.flavor() ? other : t.merge(other));
    }

    /** Forgets the token. */
    public void clear() {
        token.set(null);
    }

    @Override
    public String toString() {
        ConsistencyToken t = token.get();
        return "ConsistencySession[" + (t == null ? "<empty>" : t) + "]";
    }
}
