package io.cqrs.routing.internal;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where a write refused by a source that turned read-only waits for the next one: the topology
 * manager publishes a new source ({@link #sourceChanged()}), a waiting write wakes up and moves
 * there. A refusal also asks discovery for a round at once ({@link #refused()}), so the wait is
 * about the time the change of source itself takes, not a probe interval on top.
 */
final class SourceWatch {

    private final Object lock = new Object();
    private volatile Runnable onRefusal = () -> { };

    /** What to run when a write was refused (discovery's "probe now"). */
    void onRefusal(Runnable action) {
        this.onRefusal = action;
    }

    void refused() {
        onRefusal.run();
    }

    /** The topology manager published a topology with another source. */
    void sourceChanged() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Waits until {@code topology} names a source other than {@code refused}, at most {@code max}.
     *
     * @return the new source, or null after {@code max}
     */
    EndpointRuntime awaitOtherThan(Supplier<Topology> topology, EndpointRuntime refused, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (true) {
                EndpointRuntime now = topology.get().source();
                if (now != refused && !now.name().equals(refused.name())) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                // woken by sourceChanged(); the bounded slice also covers a change published between the check and the wait
                lock.wait(Math.max(1, Math.min(50, left / 1_000_000)));
            }
        }
    }
}
