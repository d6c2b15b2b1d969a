package io.cqrs.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

import java.time.Duration;
import java.util.Objects;

/**
 * Circuit breaker settings ({@code cqrs.breaker.*}), the same for every endpoint. Slow-call
 * tripping is off: a slow query is the application's business, a refused connection is the
 * endpoint's. Immutable; build it with {@link #custom()}, or take {@link #ofDefaults()}.
 */
public final class BreakerConfig {

    public static final String KEY_FAILURE_RATE_THRESHOLD = "cqrs.breaker.failure-rate-threshold";
    public static final String KEY_MINIMUM_NUMBER_OF_CALLS = "cqrs.breaker.minimum-number-of-calls";
    public static final String KEY_SLIDING_WINDOW_TYPE = "cqrs.breaker.sliding-window-type";
    public static final String KEY_SLIDING_WINDOW_SIZE = "cqrs.breaker.sliding-window-size";
    public static final String KEY_WAIT_IN_OPEN_MS = "cqrs.breaker.wait-in-open-ms";
    public static final String KEY_HALF_OPEN_CALLS = "cqrs.breaker.half-open-calls";

    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 5;
    public static final SlidingWindowType DEFAULT_SLIDING_WINDOW_TYPE = SlidingWindowType.COUNT_BASED;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    public static final Duration DEFAULT_WAIT_IN_OPEN = Duration.ofSeconds(5);
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;

    private static final BreakerConfig DEFAULTS = custom().build();

    private final float failureRateThreshold;
    private final int minimumNumberOfCalls;
    private final SlidingWindowType slidingWindowType;
    private final int slidingWindowSize;
    private final Duration waitInOpen;
    private final int halfOpenCalls;

    private BreakerConfig(Builder b) {
        this.failureRateThreshold = b.failureRateThreshold;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.slidingWindowType = b.slidingWindowType;
        this.slidingWindowSize = b.slidingWindowSize;
        this.waitInOpen = b.waitInOpen;
        this.halfOpenCalls = b.halfOpenCalls;
    }

    public static BreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(BreakerConfig base) {
        Builder b = new Builder();
        b.failureRateThreshold = base.failureRateThreshold;
        b.minimumNumberOfCalls = base.minimumNumberOfCalls;
        b.slidingWindowType = base.slidingWindowType;
        b.slidingWindowSize = base.slidingWindowSize;
        b.waitInOpen = base.waitInOpen;
        b.halfOpenCalls = base.halfOpenCalls;
        return b;
    }

    /** {@value #KEY_FAILURE_RATE_THRESHOLD}: percent of failed calls in the window that opens the breaker, (0, 100]. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** {@value #KEY_MINIMUM_NUMBER_OF_CALLS}: calls in the window before the rate counts. */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** {@value #KEY_SLIDING_WINDOW_TYPE}: COUNT_BASED (last N calls) or TIME_BASED (last N seconds). */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /** {@value #KEY_SLIDING_WINDOW_SIZE}: N calls or N seconds. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** {@value #KEY_WAIT_IN_OPEN_MS}: how long an open breaker rejects before letting trial calls through. */
    public Duration waitDurationInOpenState() {
        return waitInOpen;
    }

    /** {@value #KEY_HALF_OPEN_CALLS}: trial calls that decide between closing and re-opening. */
    public int permittedNumberOfCallsInHalfOpenState() {
        return halfOpenCalls;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BreakerConfig c && failureRateThreshold == c.failureRateThreshold
                && minimumNumberOfCalls == c.minimumNumberOfCalls && slidingWindowType == c.slidingWindowType
                && slidingWindowSize == c.slidingWindowSize && waitInOpen.equals(c.waitInOpen) && halfOpenCalls == c.halfOpenCalls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureRateThreshold, minimumNumberOfCalls, slidingWindowType, slidingWindowSize, waitInOpen, halfOpenCalls);
    }

    @Override
    public String toString() {
        return "BreakerConfig[failureRateThreshold=" + failureRateThreshold + ", minimumNumberOfCalls=" + minimumNumberOfCalls
                + ", slidingWindow=" + slidingWindowType + "/" + slidingWindowSize + ", waitInOpen=" + waitInOpen.toMillis()
                + "ms, halfOpenCalls=" + halfOpenCalls + "]";
    }

    /** Builder; setters check their value at once, {@link #build()} what depends on several. */
    public static final class Builder {
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private SlidingWindowType slidingWindowType = DEFAULT_SLIDING_WINDOW_TYPE;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private Duration waitInOpen = DEFAULT_WAIT_IN_OPEN;
        private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;

        private Builder() {
        }

        /** {@value BreakerConfig#KEY_FAILURE_RATE_THRESHOLD}. */
        public Builder failureRateThreshold(float percent) {
            if (!(percent > 0 && percent <= 100)) {
                throw ConfigError.of(KEY_FAILURE_RATE_THRESHOLD, percent, "is out of range; use a percentage in (0, 100]"
                        + " (default " + (int) DEFAULT_FAILURE_RATE_THRESHOLD + ")");
            }
            this.failureRateThreshold = percent;
            return this;
        }

        /** {@value BreakerConfig#KEY_MINIMUM_NUMBER_OF_CALLS}. */
        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = ConfigError.atLeast(KEY_MINIMUM_NUMBER_OF_CALLS, calls, 1, DEFAULT_MINIMUM_NUMBER_OF_CALLS);
            return this;
        }

        /** {@value BreakerConfig#KEY_SLIDING_WINDOW_TYPE} and {@value BreakerConfig#KEY_SLIDING_WINDOW_SIZE}. */
        public Builder slidingWindow(SlidingWindowType type, int size) {
            if (type == null) {
                throw ConfigError.of(KEY_SLIDING_WINDOW_TYPE, null, "is not a window type; use count-based or time-based");
            }
            this.slidingWindowSize = ConfigError.atLeast(KEY_SLIDING_WINDOW_SIZE, size, 1, DEFAULT_SLIDING_WINDOW_SIZE);
            this.slidingWindowType = type;
            return this;
        }

        /** {@value BreakerConfig#KEY_WAIT_IN_OPEN_MS}. */
        public Builder waitDurationInOpenState(Duration wait) {
            if (wait == null || wait.toMillis() < 1) {
                throw ConfigError.ofMillis(KEY_WAIT_IN_OPEN_MS, wait, "is invalid; use at least 1 (default "
                        + DEFAULT_WAIT_IN_OPEN.toMillis() + ")");
            }
            this.waitInOpen = wait;
            return this;
        }

        /** {@value BreakerConfig#KEY_HALF_OPEN_CALLS}. */
        public Builder permittedNumberOfCallsInHalfOpenState(int calls) {
            this.halfOpenCalls = ConfigError.atLeast(KEY_HALF_OPEN_CALLS, calls, 1, DEFAULT_HALF_OPEN_CALLS);
            return this;
        }

        public BreakerConfig build() {
            if (slidingWindowType == SlidingWindowType.COUNT_BASED && minimumNumberOfCalls > slidingWindowSize) {
                throw ConfigError.of(KEY_MINIMUM_NUMBER_OF_CALLS, minimumNumberOfCalls, "is out of range; use at most "
                        + KEY_SLIDING_WINDOW_SIZE + " (" + slidingWindowSize + ") with a count-based window");
            }
            return new BreakerConfig(this);
        }
    }
}
