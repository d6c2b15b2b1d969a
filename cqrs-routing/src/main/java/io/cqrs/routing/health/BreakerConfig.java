package io.cqrs.routing.health;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

import java.time.Duration;
import java.util.Objects;

/**
 * Circuit breaker settings, the same for every endpoint. Slow-call tripping is off: a slow
 * query is the application's business, a refused connection is the endpoint's.
 *
 * @param failureRateThreshold                 percent of failed calls in the window that opens the breaker, (0, 100]
 * @param minimumNumberOfCalls                 calls in the window before the rate counts
 * @param slidingWindowType                    COUNT_BASED (last N calls) or TIME_BASED (last N seconds)
 * @param slidingWindowSize                    N calls or N seconds
 * @param waitDurationInOpenState              time an open breaker rejects before letting trial calls through
 * @param permittedNumberOfCallsInHalfOpenState trial calls that decide between closing and re-opening
 */
public record BreakerConfig(float failureRateThreshold, int minimumNumberOfCalls, SlidingWindowType slidingWindowType,
                            int slidingWindowSize, Duration waitDurationInOpenState,
                            int permittedNumberOfCallsInHalfOpenState) {

    /** Prefix of the property names in error messages. */
    public static final String PREFIX = "routing.breaker.";
    /** Default: 50 % failed calls open the breaker. */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /** Default: 5 calls before the rate counts. */
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 5;
    /** Default window: the last N calls. */
    public static final SlidingWindowType DEFAULT_SLIDING_WINDOW_TYPE = SlidingWindowType.COUNT_BASED;
    /** Default window: 20 calls. */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    /** Default time open before trial calls: 5 s. */
    public static final Duration DEFAULT_WAIT_DURATION_IN_OPEN_STATE = Duration.ofSeconds(5);
    /** Default trial calls in half-open: 3. */
    public static final int DEFAULT_PERMITTED_NUMBER_OF_CALLS_IN_HALF_OPEN_STATE = 3;

    /** Checks the values; errors name the property. */
    public BreakerConfig {
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw invalid("failureRateThreshold", "must be in (0, 100] percent", failureRateThreshold);
        }
        if (minimumNumberOfCalls < 1) {
            throw invalid("minimumNumberOfCalls", "must be at least 1", minimumNumberOfCalls);
        }
        Objects.requireNonNull(slidingWindowType, PREFIX + "slidingWindowType must be COUNT_BASED or TIME_BASED, was null");
        if (slidingWindowSize < 1) {
            throw invalid("slidingWindowSize", "must be at least 1", slidingWindowSize);
        }
        if (slidingWindowType == SlidingWindowType.COUNT_BASED && minimumNumberOfCalls > slidingWindowSize) {
            throw invalid("minimumNumberOfCalls", "must not exceed " + PREFIX + "slidingWindowSize ("
                    + slidingWindowSize + ") with a COUNT_BASED window", minimumNumberOfCalls);
        }
        if (waitDurationInOpenState == null || waitDurationInOpenState.toMillis() < 1) {
            throw invalid("waitDurationInOpenState", "must be at least 1ms", waitDurationInOpenState);
        }
        if (permittedNumberOfCallsInHalfOpenState < 1) {
            throw invalid("permittedNumberOfCallsInHalfOpenState", "must be at least 1", permittedNumberOfCallsInHalfOpenState);
        }
    }

    /** The defaults. */
    public static BreakerConfig ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The resilience4j form. Open → half-open happens on the next permission request, never on a timer thread. */
    CircuitBreakerConfig toResilience4j() {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .minimumNumberOfCalls(minimumNumberOfCalls)
                .slidingWindow(slidingWindowSize, minimumNumberOfCalls, slidingWindowType)
                .waitDurationInOpenState(waitDurationInOpenState)
                .permittedNumberOfCallsInHalfOpenState(permittedNumberOfCallsInHalfOpenState)
                .slowCallRateThreshold(100f)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    private static IllegalArgumentException invalid(String property, String rule, Object value) {
        return new IllegalArgumentException(PREFIX + property + " " + rule + ", was " + value);
    }

    /** Builds a {@link BreakerConfig}. */
    public static final class Builder {
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private SlidingWindowType slidingWindowType = DEFAULT_SLIDING_WINDOW_TYPE;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private Duration waitDurationInOpenState = DEFAULT_WAIT_DURATION_IN_OPEN_STATE;
        private int permittedNumberOfCallsInHalfOpenState = DEFAULT_PERMITTED_NUMBER_OF_CALLS_IN_HALF_OPEN_STATE;

        private Builder() {
        }

        /** Percent of failed calls that opens the breaker, (0, 100]. */
        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        /** Calls in the window before the rate counts. */
        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = calls;
            return this;
        }

        /** The window: the last {@code size} calls (COUNT_BASED) or seconds (TIME_BASED). */
        public Builder slidingWindow(SlidingWindowType type, int size) {
            this.slidingWindowType = type;
            this.slidingWindowSize = size;
            return this;
        }

        /** How long an open breaker rejects before trial calls. */
        public Builder waitDurationInOpenState(Duration wait) {
            this.waitDurationInOpenState = wait;
            return this;
        }

        /** Trial calls in half-open. */
        public Builder permittedNumberOfCallsInHalfOpenState(int calls) {
            this.permittedNumberOfCallsInHalfOpenState = calls;
            return this;
        }

        /** The configuration, validated. */
        public BreakerConfig build() {
            return new BreakerConfig(failureRateThreshold, minimumNumberOfCalls, slidingWindowType, slidingWindowSize,
                    waitDurationInOpenState, permittedNumberOfCallsInHalfOpenState);
        }
    }
}
