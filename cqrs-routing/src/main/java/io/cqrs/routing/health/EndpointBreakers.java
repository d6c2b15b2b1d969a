package io.cqrs.routing.health;

import io.cqrs.routing.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One resilience4j {@link CircuitBreaker} per endpoint name, created on first use, fed only
 * with what the {@link FailureClassifier} calls endpoint failures.
 *
 * <p>Borrow path contract (core):
 * <pre>{@code
 * if (!breakers.tryAcquirePermission(ep)) -> skip ep (OPEN, or HALF_OPEN with its trial calls taken)
 * long t0 = System.nanoTime();
 * try { borrow + first use; breakers.onSuccess(ep, System.nanoTime() - t0); }
 * catch (SQLException e) { breakers.onFailure(ep, System.nanoTime() - t0, e); failover... }
 * }</pre>
 * Every permission granted must end in exactly one of {@link #onSuccess}, {@link #onFailure}
 * or {@link #releasePermission} (when the caller gives up without a call), or a half-open
 * breaker runs out of trial calls.
 *
 * <p>Business errors (duplicate key, syntax, deadlock, data) passed to {@link #onFailure}
 * are recorded as <em>successes</em>: the endpoint did answer, which is what the breaker
 * measures, and in half-open it is exactly the evidence that closes the breaker.
 *
 * <p>Transitions from OPEN to HALF_OPEN happen on the first permission request after
 * {@link BreakerConfig#waitDurationInOpenState()}; there are no timer threads.
 *
 * <h2>Successes on a healthy endpoint cost a counter increment</h2>
 * With a count-based window (the default), a success recorded while the breaker is CLOSED and its
 * window holds no failure cannot change anything: the failure rate stays 0 and slow calls are off.
 * Such successes are only counted here and handed to resilience4j, at most one window's worth,
 * right before the next outcome that is recorded there (a failure, a business error, a success
 * while the window holds failures) and when {@link #breaker(String)} is asked for the breaker
 * (metrics). resilience4j's window then holds what it would have held had each success been
 * recorded at once, but the borrow path skips its synchronized window update and the event object
 * (with a time stamp) it builds per call because the transition listener is registered.
 * Time-based windows record every success at once (when a success happened matters there).
 * A transition drops the pending count: every transition starts a new window.
 */
public final class EndpointBreakers {

    private static final Logger log = LoggerFactory.getLogger(EndpointBreakers.class);

    private final BreakerConfig config;
    private final CircuitBreakerConfig r4jConfig;
    private final FailureClassifier classifier;
    private final Clock clock;
    private final BreakerListener listener;
    private final ConcurrentHashMap<String, Handle> breakers = new ConcurrentHashMap<>();
    /** Count-based window: clean-window successes may be deferred (see the class comment). */
    private final boolean deferSuccesses;
    private final int windowSize;

    private EndpointBreakers(Builder b) {
        this.config = b.config;
        this.r4jConfig = toResilience4j(b.config);
        this.classifier = b.classifier;
        this.clock = b.clock;
        this.listener = b.listener;
        this.deferSuccesses = b.config.slidingWindowType() == SlidingWindowType.COUNT_BASED;
        this.windowSize = b.config.slidingWindowSize();
    }

    /**
     * One endpoint's breaker and the successes not yet handed to it. Callers on a hot path keep the
     * handle (one per endpoint name, never replaced) instead of looking it up by name per call.
     */
    public final class Handle {
        final CircuitBreaker cb;
        final LongAdder pendingSuccesses = new LongAdder();
        /**
         * The pending count reached a window's worth: more successes cannot change what is handed
         * over, so they are not counted (no shared write on the hot path of a healthy endpoint).
         */
        volatile boolean windowFull;
        /** The CLOSED window holds no failure (false: unknown or has failures; rechecked on direct successes). */
        volatile boolean clean = true;

        Handle(CircuitBreaker cb) {
            this.cb = cb;
        }

        /** False when the endpoint must be skipped now. May move OPEN to HALF_OPEN once the wait is over. */
        public boolean tryAcquirePermission() {
            return cb.tryAcquirePermission();
        }

        /** Gives back a permission that was not followed by a call. */
        public void releasePermission() {
            cb.releasePermission();
        }

        /**
         * A call succeeded. Durations do not matter here (slow-call tripping is off: a slow query is
         * the application's business), so none is measured.
         */
        public void onSuccess() {
            if (deferSuccesses && clean && cb.getState() == CircuitBreaker.State.CLOSED) {
                defer(this);
                return;
            }
            recordSuccess(this, 0);
        }

        /** A call that started at {@code startNanos} ({@link System#nanoTime()}) succeeded. */
        public void onSuccessSince(long startNanos) {
            if (deferSuccesses && clean && cb.getState() == CircuitBreaker.State.CLOSED) {
                defer(this);
                return;
            }
            recordSuccess(this, System.nanoTime() - startNanos);
        }

        /**
         * The endpoint answers again and its pool gave a connection (re-admission after the lag
         * monitor found it unresponsive): an open breaker need not wait out the rest of its open
         * time, it goes half-open now and its trial calls decide. Other states are left alone.
         */
        public void readmitted() {
            if (cb.getState() == CircuitBreaker.State.OPEN) {
                try {
                    cb.transitionToHalfOpenState();
                } catch (IllegalStateException raced) {
                    // another thread moved it meanwhile (e.g. a read made it half-open): that is fine
                }
            }
        }

        /** Whether {@code error} is the endpoint's fault (the registry's {@link FailureClassifier}). */
        public boolean countsAgainst(Throwable error) {
            return classifier.isEndpointFailure(error);
        }

        /** The breaker's state now. */
        public CircuitBreaker.State state() {
            return cb.getState();
        }

        /** See {@link EndpointBreakers#onFailure(String, long, Throwable)}. */
        public boolean onFailure(long durationNanos, Throwable error) {
            if (classifier.isEndpointFailure(error)) {
                flush(this);
                clean = false;
                cb.onError(durationNanos, TimeUnit.NANOSECONDS, error);
                return true;
            }
            recordSuccess(this, durationNanos);
            return false;
        }
    }

    /** The resilience4j form. Open → half-open happens on the next permission request, never on a timer thread. */
    static CircuitBreakerConfig toResilience4j(BreakerConfig c) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failureRateThreshold())
                .minimumNumberOfCalls(c.minimumNumberOfCalls())
                .slidingWindow(c.slidingWindowSize(), c.minimumNumberOfCalls(), c.slidingWindowType())
                .waitDurationInOpenState(c.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(c.permittedNumberOfCallsInHalfOpenState())
                .slowCallRateThreshold(100f)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    public static EndpointBreakers of(BreakerConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public BreakerConfig config() {
        return config;
    }

    /** False when the endpoint must be skipped now. May move OPEN to HALF_OPEN once the wait is over. */
    public boolean tryAcquirePermission(String endpoint) {
        return entry(endpoint).tryAcquirePermission();
    }

    /** Gives back a permission that was not followed by a call. */
    public void releasePermission(String endpoint) {
        entry(endpoint).cb.releasePermission();
    }

    public void onSuccess(String endpoint, long durationNanos) {
        Handle e = entry(endpoint);
        if (deferSuccesses && e.clean && e.cb.getState() == CircuitBreaker.State.CLOSED) {
            defer(e);
            return;
        }
        recordSuccess(e, durationNanos);
    }

    /**
     * {@link #onSuccess} for a call that started at {@code startNanos} ({@link System#nanoTime()}):
     * the clock is read again only when the success is recorded at once.
     */
    public void onSuccessSince(String endpoint, long startNanos) {
        entry(endpoint).onSuccessSince(startNanos);
    }

    private void recordSuccess(Handle e, long durationNanos) {
        flush(e);
        e.cb.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        if (deferSuccesses && !e.clean && e.cb.getState() == CircuitBreaker.State.CLOSED
                && e.cb.getMetrics().getNumberOfFailedCalls() == 0) {
            e.clean = true;
        }
    }

    private void defer(Handle e) {
        if (e.windowFull) {
            return;
        }
        e.pendingSuccesses.increment();
        if (e.pendingSuccesses.sum() >= windowSize) {
            e.windowFull = true;
        }
    }

    /** Hands the deferred successes to resilience4j (a window's worth is all the window can hold). */
    private void flush(Handle e) {
        if (!deferSuccesses) {
            return;
        }
        e.windowFull = false;
        long n = e.pendingSuccesses.sumThenReset();
        if (n == 0 || e.cb.getState() != CircuitBreaker.State.CLOSED) {
            return;
        }
        for (long i = Math.min(n, windowSize); i > 0; i--) {
            e.cb.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Records the outcome of a call that threw.
     *
     * @return true when the error counted against the endpoint, false when it was a business
     *         error (recorded as a success)
     */
    public boolean onFailure(String endpoint, long durationNanos, Throwable error) {
        return entry(endpoint).onFailure(durationNanos, error);
    }

    /** The endpoint's handle, created on first use; the same object for a name for the life of this registry. */
    public Handle handle(String endpoint) {
        return entry(endpoint);
    }

    public CircuitBreaker.State state(String endpoint) {
        return entry(endpoint).cb.getState();
    }

    /** The states of all endpoints seen so far, by name. */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> m = new TreeMap<>();
        breakers.forEach((name, e) -> m.put(name, e.cb.getState()));
        return m;
    }

    /**
     * The endpoint's breaker, created on first use (metrics binders, manual transitions), with the
     * deferred successes recorded first so its metrics are up to date.
     */
    public CircuitBreaker breaker(String endpoint) {
        Handle e = entry(endpoint);
        flush(e);
        return e.cb;
    }

    private Handle entry(String endpoint) {
        Handle e = breakers.get(endpoint);
        return e != null ? e : breakers.computeIfAbsent(Objects.requireNonNull(endpoint, "endpoint"), this::create);
    }

    private Handle create(String endpoint) {
        CircuitBreaker cb = new CircuitBreakerStateMachine(endpoint, r4jConfig, clock);
        Handle entry = new Handle(cb);
        cb.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State from = event.getStateTransition().getFromState();
            CircuitBreaker.State to = event.getStateTransition().getToState();
            entry.windowFull = false;
            entry.pendingSuccesses.reset(); // every transition starts a new window
            entry.clean = to == CircuitBreaker.State.CLOSED;
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                log.warn("Endpoint {} circuit breaker {} -> {} (failure rate {}%): excluded from routing for {}ms",
                        endpoint, from, to, cb.getMetrics().getFailureRate(), config.waitDurationInOpenState().toMillis());
            } else {
                log.info("Endpoint {} circuit breaker {} -> {}", endpoint, from, to);
            }
            try {
                listener.onStateTransition(endpoint, from, to);
            } catch (RuntimeException e) {
                log.warn("BreakerListener {} failed on {} {} -> {}", listener, endpoint, from, to, e);
            }
        });
        return entry;
    }

    public static final class Builder {
        private BreakerConfig config = BreakerConfig.ofDefaults();
        private FailureClassifier classifier = FailureClassifier.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private BreakerListener listener = BreakerListener.NONE;

        private Builder() {
        }

        public Builder config(BreakerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder classifier(FailureClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /** The clock of the open-state wait (tests pass a fake one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder listener(BreakerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public EndpointBreakers build() {
            return new EndpointBreakers(this);
        }
    }
}
