package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencySession;
import io.cqrs.routing.RoutingScope;

/**
 * Everything the router keeps per thread, behind one {@link ThreadLocal}: the innermost
 * {@link RoutingScope}, the reusable first-read {@link ReplayLog}, and the thread's default
 * {@link ConsistencySession} of one DataSource. A read looks this up once instead of probing three
 * thread-locals (each probe of a thread's map can miss and walk it).
 *
 * <p>Internal: public only so that {@link RoutingScope} (another package) can keep its stack here.
 */
public final class ThreadContext {

    private static final ThreadLocal<ThreadContext> CURRENT = ThreadLocal.withInitial(ThreadContext::new);

    private final Thread thread = Thread.currentThread();
    private RoutingScope scope;
    /** This thread's reusable replay log, or null before its first read. */
    private ReplayLog replayLog;
    /**
     * The DataSource (its {@link Tokens}) whose thread session lives in {@link #session}; the first
     * one that needs a thread session on this thread claims it for good. Others keep theirs in their
     * own thread-local. Never handed over, not even when the owner is closed: another DataSource may
     * already hold a session for this thread in its own thread-local, and a hand-over would lose it.
     * A closed owner stays referenced by the thread (its small {@code Tokens}, nothing pooled).
     */
    private Tokens sessionOwner;
    private ConsistencySession session;

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

    /** Whether this is the calling thread's context (a connection may be used on another thread). */
    boolean isCurrent() {
        return thread == Thread.currentThread();
    }

    /** This thread's replay log, a new one when the cached one is still held by a statement. */
    ReplayLog freeReplayLog() {
        ReplayLog l = replayLog;
        if (l == null || !l.isFree()) {
            l = new ReplayLog();
            replayLog = l;
        }
        return l;
    }

    /**
     * The thread session {@code owner} keeps here: its own when it claimed this context, a new one
     * when the slot is free (claimed now, for good), null when another DataSource holds the slot.
     */
    ConsistencySession sessionFor(Tokens owner) {
        if (sessionOwner == owner) {
            return session;
        }
        if (sessionOwner == null) {
            sessionOwner = owner;
            session = new ConsistencySession();
            return session;
        }
        return null;
    }
}
