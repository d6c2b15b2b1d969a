package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencySession;
import io.cqrs.routing.RoutingScope;

/**
 * Everything the router keeps per thread, behind one {@link ThreadLocal}: the innermost
 * {@link RoutingScope}, the reusable first-read {@link ReplayLog}, and the thread's default
 * {@link ConsistencySession} of one DataSource. A read looks this up once or twice instead of
 * probing three thread-locals (each probe of a thread's map can miss and walk it).
 *
 * <p>Internal: public only so that {@link RoutingScope} (another package) can keep its stack here.
 */
public final class ThreadContext {

    private static final ThreadLocal<ThreadContext> CURRENT = ThreadLocal.withInitial(ThreadContext::new);

    private RoutingScope scope;
    /** This thread's reusable replay log, or null before its first statement. */
    ReplayLog replayLog;
    /**
     * The DataSource (its {@link Tokens}) whose thread session lives in {@link #session}; the first
     * one that needs a thread session on this thread claims it for good. Others keep theirs in their
     * own thread-local. Never handed over, not even when the owner is closed: another DataSource may
     * already hold a session for this thread in its own thread-local, and a hand-over would lose it.
     * A closed owner stays referenced by the thread (its small {@code Tokens}, nothing pooled).
     */
    Tokens sessionOwner;
    ConsistencySession session;

    private ThreadContext() {
    }

    public static ThreadContext current() {
        return CURRENT.get();
    }

    /** The innermost open scope of this thread, or null. */
    public RoutingScope scope() {
        return scope;
    }

    public void scope(RoutingScope s) {
        scope = s;
    }
}
