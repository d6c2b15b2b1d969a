package io.cqrs.routing.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
 */
public final class EndpointBreakers {

    private static final Logger log = LoggerFactory.getLogger(EndpointBreakers.class);

    private final BreakerConfig config;
    private final CircuitBreakerConfig r4jConfig;
    private final FailureClassifier classifier;
    private final Clock clock;
    private final BreakerListener listener;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    private EndpointBreakers(Builder b) {
        this.config = b.config;
        this.r4jConfig = b.config.toResilience4j();
        this.classifier = b.classifier;
        this.clock = b.clock;
        this.listener = b.listener;
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
        return breaker(endpoint).tryAcquirePermission();
    }

    /** Gives back a permission that was not followed by a call. */
    public void releasePermission(String endpoint) {
        breaker(endpoint).releasePermission();
    }

    public void onSuccess(String endpoint, long durationNanos) {
        breaker(endpoint).onSuccess(durationNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records the outcome of a call that threw.
     *
     * @return true when the error counted against the endpoint, false when it was a business
     *         error (recorded as a success)
     */
    public boolean onFailure(String endpoint, long durationNanos, Throwable error) {
        CircuitBreaker cb = breaker(endpoint);
        if (classifier.isEndpointFailure(error)) {
            cb.onError(durationNanos, TimeUnit.NANOSECONDS, error);
            return true;
        }
        cb.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        return false;
    }

    public CircuitBreaker.State state(String endpoint) {
        return breaker(endpoint).getState();
    }

    /** The states of all endpoints seen so far, by name. */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> m = new TreeMap<>();
        breakers.forEach((name, cb) -> m.put(name, cb.getState()));
        return m;
    }

    /** The endpoint's breaker, created on first use (metrics binders, manual transitions). */
    public CircuitBreaker breaker(String endpoint) {
        CircuitBreaker cb = breakers.get(endpoint);
        return cb != null ? cb : breakers.computeIfAbsent(Objects.requireNonNull(endpoint, "endpoint"), this::create);
    }

    private CircuitBreaker create(String endpoint) {
        CircuitBreaker cb = new CircuitBreakerStateMachine(endpoint, r4jConfig, clock);
        cb.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State from = event.getStateTransition().getFromState();
            CircuitBreaker.State to = event.getStateTransition().getToState();
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
        return cb;
    }

    public static final class Builder {
        private BreakerConfig config = BreakerConfig.ofDefaults();
        private FailureClassifier classifier = FailureClassifier.defaults();
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
