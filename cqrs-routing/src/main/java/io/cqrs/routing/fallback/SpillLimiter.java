package io.cqrs.routing.fallback;

import io.cqrs.routing.FallbackConfig;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps concurrent fallback reads on the source so that a replica outage cannot flatten it.
 * The core calls {@link #acquire()} before borrowing a source connection for a read that
 * found no eligible replica, and {@link #release()} exactly once when that physical
 * connection goes back to the pool (also when the borrow failed).
 *
 * <p>The fast path is one non-blocking {@link Semaphore#tryAcquire()}; no locks.
 */
public final class SpillLimiter {

    private final FallbackConfig config;
    private final Semaphore permits;
    private final LongAdder rejected = new LongAdder();

    public SpillLimiter(FallbackConfig config) {
        this.config = config;
        this.permits = new Semaphore(config.maxConcurrent());
    }

    public FallbackConfig config() {
        return config;
    }

    /**
     * Takes a permit, waiting up to {@link FallbackConfig#maxWait()} in {@link FallbackConfig.Mode#WAIT}.
     *
     * @throws SpillRejectedException when no permit was free (in time), or the wait was interrupted
     */
    public void acquire() throws SpillRejectedException {
        if (permits.tryAcquire()) {
            return;
        }
        if (config.mode() == FallbackConfig.Mode.WAIT && !config.maxWait().isZero()) {
            try {
                if (permits.tryAcquire(config.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw reject("interrupted while waiting for a permit");
            }
            throw reject("no permit freed within " + FallbackConfig.KEY_MAX_WAIT_MS + "=" + config.maxWait().toMillis() + "ms");
        }
        throw reject("mode " + config.mode());
    }

    /** A permit if one is free now; never waits, never throws. */
    public boolean tryAcquire() {
        boolean ok = permits.tryAcquire();
        if (!ok) {
            rejected.increment();
        }
        return ok;
    }

    public void release() {
        if (permits.availablePermits() >= config.maxConcurrent()) {
            throw new IllegalStateException("SpillLimiter.release() without a matching acquire()");
        }
        permits.release();
    }

    /** Fallback reads holding a permit now. */
    public int inFlight() {
        return config.maxConcurrent() - permits.availablePermits();
    }

    /** Fallback reads refused since start. */
    public long rejectedCount() {
        return rejected.sum();
    }

    private SpillRejectedException reject(String why) {
        rejected.increment();
        int inFlight = inFlight();
        return new SpillRejectedException("No replica is eligible and the source already serves " + inFlight + " of "
                + config.maxConcurrent() + " allowed fallback reads (" + why + "); raise " + FallbackConfig.KEY_MAX_CONCURRENT
                + " (now " + config.maxConcurrent() + ") or fix the replicas", config.maxConcurrent(), inFlight);
    }
}
