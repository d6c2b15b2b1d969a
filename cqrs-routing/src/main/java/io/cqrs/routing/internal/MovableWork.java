package io.cqrs.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The connections of one endpoint that are running work which may move elsewhere if it fails — a
 * read's first statement ({@link FirstReadFailover}) or a token check during a borrow — so that
 * when the endpoint is found unresponsive this work can be cut short ({@link #abortAll}) and move at
 * once, instead of waiting for the driver's {@code socketTimeout} on a server that says nothing.
 *
 * <p>Lock-free and allocation-free: a fixed array of slots. Registering is on every first read, so
 * the common case takes no atomic read-modify-write and no fence: a thread's <em>home</em> slot
 * (picked by its id) becomes its own on its first registration, and from then on the thread registers
 * there with a plain store of the connection (only when it is not the one already there: a reference
 * store into this long-lived object costs G1's write barrier, a fence) and a release store of a
 * flag; {@link #exit} clears the flag. The only other writer of an owned slot is {@link #abortAll},
 * which takes the flag with a compare-and-set. At most half the slots are ever owned (an owned slot
 * is idle whenever its owner is, and no other thread may use it), so the other half stays shared:
 * a second registration of an owner while its slot is busy, and every thread without a slot of its
 * own, claim a free shared slot with one compare-and-set, as before. When no slot is free the work
 * simply is not abortable (it still moves after its timeout, as without this). A terminated owner's
 * slot goes to the next thread whose home it is. A slot keeps the last connection registered in it
 * until the next registration (at most one per slot).
 */
final class MovableWork {

    /**
     * Slots per endpoint: half of them (64) stay shared, well above a pool's usual size, and the
     * connections of a pool are all the work that can run at once (work beyond the slots is not abortable).
     */
    static final int CAPACITY = 128;

    private final int mask;
    /** How many slots may be owned: half, rounded down. */
    private final int maxOwned;
    /** How many slots are owned (never decreases: a terminated owner's slot is taken over, not freed). */
    private final AtomicInteger ownedCount = new AtomicInteger();
    /** Shared slots: the connection registered by a compare-and-set, or null. Never used where {@link #owners} is set. */
    private final AtomicReferenceArray<Connection> shared;
    /** The thread that owns each slot, or null. Set once (again only when the owner terminated). */
    private final AtomicReferenceArray<Thread> owners;
    /** Owned slots: the connection registered last, written only by the owner. */
    private final Connection[] owned;
    /** Owned slots: 1 while the connection in {@link #owned} runs movable work. */
    private final AtomicIntegerArray running;

    /** @param capacity a power of two */
    MovableWork(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.mask = capacity - 1;
        this.maxOwned = capacity / 2;
        this.shared = new AtomicReferenceArray<>(capacity);
        this.owners = new AtomicReferenceArray<>(capacity);
        this.owned = new Connection[capacity];
        this.running = new AtomicIntegerArray(capacity);
    }

    /** Registers {@code c} as running movable work; returns its slot for {@link #exit}, or -1 when all are taken. */
    int enter(Connection c) {
        Thread t = Thread.currentThread();
        int home = (int) t.getId() & mask;
        if ((owners.getPlain(home) == t || own(home, t)) && running.getPlain(home) == 0 && shared.get(home) == null) {
            if (owned[home] != c) {
                owned[home] = c;
            }
            running.setRelease(home, 1);
            return home + mask + 1;
        }
        return enterShared(c, home);
    }

    /**
     * Takes {@code home} for {@code t} when nobody owns it or its owner terminated. The compare-and-set
     * here and the one of {@link #enterShared} both come before each side reads the other's field, so a
     * thread claiming the slot as shared at the same moment is seen by one of the two, which backs off.
     */
    private boolean own(int home, Thread t) {
        Thread o = owners.get(home);
        if (o == null) {
            int n = ownedCount.get();
            if (n >= maxOwned || !ownedCount.compareAndSet(n, n + 1)) {
                return false;
            }
            if (owners.compareAndSet(home, null, t)) {
                return true;
            }
            ownedCount.decrementAndGet();
            return false;
        }
        if (o.getState() != Thread.State.TERMINATED || !owners.compareAndSet(home, o, t)) {
            return false;
        }
        owned[home] = null;
        running.set(home, 0); // a terminated owner's registration ended with it
        return true;
    }

    private int enterShared(Connection c, int start) {
        int n = mask + 1;
        for (int k = 0; k < n; k++) {
            int i = (start + k) & mask;
            if (owners.get(i) == null && shared.get(i) == null && shared.compareAndSet(i, null, c)) {
                if (owners.get(i) == null) {
                    return i;
                }
                shared.compareAndSet(i, c, null); // became owned meanwhile: the owner's
            }
        }
        return -1;
    }

    /** The movable work on {@code c} ended (either way); {@code slot} is what {@link #enter} returned. */
    void exit(int slot, Connection c) {
        if (slot > mask) {
            int i = slot - mask - 1;
            if (owned[i] == c) { // else the abort took this registration and the slot holds a later one
                running.setRelease(i, 0);
            }
        } else if (slot >= 0) {
            shared.compareAndSet(slot, c, null);
        }
    }

    /**
     * Aborts ({@link Connection#abort}) every connection now running movable work, each once: its
     * socket is closed, so the blocked statement fails at once with a connection-level error and
     * moves. Returns how many were aborted; an abort that throws is skipped.
     */
    int abortAll(Executor executor) {
        int aborted = 0;
        for (int i = 0; i <= mask; i++) {
            Connection c = shared.get(i);
            if (c != null && shared.compareAndSet(i, c, null)) {
                aborted += abort(c, executor);
            }
            if (running.get(i) == 1 && running.compareAndSet(i, 1, 0)) {
                aborted += abort(owned[i], executor);
            }
        }
        return aborted;
    }

    private static int abort(Connection c, Executor executor) {
        try {
            c.abort(executor);
            return 1;
        } catch (SQLException | RuntimeException e) {
            return 0; // already closed, or the driver refuses: it ends at its own timeout
        }
    }
}
