package io.cqrs.routing.fallback;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on reads that fall back to the source when no replica is eligible.
 *
 * @param maxConcurrent {@value #MAX_CONCURRENT}: fallback reads in flight on the source at once
 * @param mode          {@value #MODE}: reject at once or wait for a permit
 * @param maxWait       {@value #MAX_WAIT}: how long {@link SpillMode#WAIT} waits
 */
public record SpillConfig(int maxConcurrent, SpillMode mode, Duration maxWait) {

    /** Property: fallback reads in flight on the source at once. */
    public static final String MAX_CONCURRENT = "cqrs.fallback.max-concurrent";
    /** Property: {@code fail-fast} or {@code wait}. */
    public static final String MODE = "cqrs.fallback.mode";
    /** Property: how long {@code wait} waits, in milliseconds. */
    public static final String MAX_WAIT = "cqrs.fallback.max-wait-ms";

    /** Default cap: 16 fallback reads at once. */
    public static final int DEFAULT_MAX_CONCURRENT = 16;
    /** Default mode: reject at once. */
    public static final SpillMode DEFAULT_MODE = SpillMode.FAIL_FAST;
    /** Default wait in {@link SpillMode#WAIT}: 250 ms. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(250);

    /** Checks the values; errors name the property. */
    public SpillConfig {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(MAX_CONCURRENT + " must be at least 1, was " + maxConcurrent
                    + " (to send no fallback reads to the source, fail them in the router instead)");
        }
        Objects.requireNonNull(mode, MODE + " must be FAIL_FAST or WAIT, was null");
        Objects.requireNonNull(maxWait, MAX_WAIT + " must be a duration, was null");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException(MAX_WAIT + " must not be negative, was " + maxWait);
        }
    }

    /** The defaults: 16 at once, fail fast. */
    public static SpillConfig ofDefaults() {
        return new SpillConfig(DEFAULT_MAX_CONCURRENT, DEFAULT_MODE, DEFAULT_MAX_WAIT);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SpillConfig}. */
    public static final class Builder {
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private SpillMode mode = DEFAULT_MODE;
        private Duration maxWait = DEFAULT_MAX_WAIT;

        private Builder() {
        }

        /** Fallback reads in flight at once, at least 1. */
        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** Reject at once or wait. */
        public Builder mode(SpillMode mode) {
            this.mode = mode;
            return this;
        }

        /** How long {@link SpillMode#WAIT} waits. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /** The configuration, validated. */
        public SpillConfig build() {
            return new SpillConfig(maxConcurrent, mode, maxWait);
        }
    }
}
