package io.cqrs.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The connections of one endpoint that are running work which may move elsewhere if it fails — a
 * read's first statement ({@link FirstReadFailover}) or a token check during a borrow — so that
 * when the endpoint is found unresponsive this work can be cut short ({@link #abortAll}) and move at
 * once, instead of waiting for the driver's {@code socketTimeout} on a server that says nothing.
 *
 * <p>Lock-free and allocation-free: a fixed array of slots; {@link #enter} claims a free one with
 * one compare-and-set (starting at a slot picked by the thread, so threads rarely meet), {@link #exit}
 * clears it. When every slot is taken the work simply is not abortable (it still moves after its
 * timeout, as without this).
 */
final class MovableWork {

    /** Slots per endpoint: well above a pool's usual size (work beyond it is not abortable). */
    static final int CAPACITY = 64;

    private final AtomicReferenceArray<Connection> slots;

    MovableWork(int capacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Registers {@code c} as running movable work; returns its slot for {@link #exit}, or -1 when all are taken. */
    int enter(Connection c) {
        int n = slots.length();
        int start = (int) (Thread.currentThread().getId() % n);
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            if (slots.get(i) == null && slots.compareAndSet(i, null, c)) {
                return i;
            }
        }
        return -1;
    }

    /** The movable work on {@code c} ended (either way); {@code slot} is what {@link #enter} returned. */
    void exit(int slot, Connection c) {
        if (slot >= 0) {
            slots.compareAndSet(slot, c, null);
        }
    }

    /**
     * Aborts ({@link Connection#abort}) every connection now running movable work, each once: its
     * socket is closed, so the blocked statement fails at once with a connection-level error and
     * moves. Returns how many were aborted; an abort that throws is skipped.
     */
    int abortAll(Executor executor) {
        int aborted = 0;
        for (int i = 0; i < slots.length(); i++) {
            Connection c = slots.get(i);
            if (c != null && slots.compareAndSet(i, c, null)) {
                try {
                    c.abort(executor);
                    aborted++;
                } catch (SQLException | RuntimeException e) {
                    // already closed, or the driver refuses: it ends at its own timeout
                }
            }
        }
        return aborted;
    }
}
