package io.cqrs.routing;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Bounds on reads that fall back to the source when no replica can serve them
 * ({@code cqrs.fallback.*}): at most {@link #maxConcurrent()} at once, so a replica outage cannot
 * flatten the source. Immutable; build it with {@link #custom()}, or take {@link #ofDefaults()}.
 */
public final class FallbackConfig {

    public static final String KEY_MAX_CONCURRENT = "cqrs.fallback.max-concurrent";
    public static final String KEY_MODE = "cqrs.fallback.mode";
    public static final String KEY_MAX_WAIT_MS = "cqrs.fallback.max-wait-ms";

    public static final int DEFAULT_MAX_CONCURRENT = 16;
    public static final Mode DEFAULT_MODE = Mode.FAIL_FAST;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(250);

    /** What a fallback read does when the cap is reached ({@value #KEY_MODE}). */
    public enum Mode {
        /** {@code fail-fast}: refuse at once with a {@link io.cqrs.routing.fallback.SpillRejectedException}. */
        FAIL_FAST,
        /** {@code wait}: wait up to {@value #KEY_MAX_WAIT_MS} for a permit, then refuse. */
        WAIT;

        /** The property spelling ({@code fail-fast}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final FallbackConfig DEFAULTS = custom().build();

    private final int maxConcurrent;
    private final Mode mode;
    private final Duration maxWait;

    private FallbackConfig(Builder b) {
        this.maxConcurrent = b.maxConcurrent;
        this.mode = b.mode;
        this.maxWait = b.maxWait;
    }

    public static FallbackConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(FallbackConfig base) {
        return new Builder().maxConcurrent(base.maxConcurrent).mode(base.mode).maxWait(base.maxWait);
    }

    /** {@value #KEY_MAX_CONCURRENT}: fallback reads in flight on the source at once (default 16). */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** {@value #KEY_MODE}: refuse at once (default) or wait for a permit. */
    public Mode mode() {
        return mode;
    }

    /** {@value #KEY_MAX_WAIT_MS}: how long {@link Mode#WAIT} waits (default 250 ms). */
    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FallbackConfig f && maxConcurrent == f.maxConcurrent && mode == f.mode && maxWait.equals(f.maxWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConcurrent, mode, maxWait);
    }

    @Override
    public String toString() {
        return "FallbackConfig[maxConcurrent=" + maxConcurrent + ", mode=" + mode + ", maxWait=" + maxWait.toMillis() + "ms]";
    }

    /** Builder; setters check their value at once. */
    public static final class Builder {
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private Mode mode = DEFAULT_MODE;
        private Duration maxWait = DEFAULT_MAX_WAIT;

        private Builder() {
        }

        /** {@value FallbackConfig#KEY_MAX_CONCURRENT}. */
        public Builder maxConcurrent(int reads) {
            if (reads < 1) {
                throw ConfigError.of(KEY_MAX_CONCURRENT, reads, "is invalid; use at least 1 (default " + DEFAULT_MAX_CONCURRENT
                        + "; to send no fallback reads to the source, set " + RoutingConfig.KEY_FALLBACK_TO_SOURCE + "=false)");
            }
            this.maxConcurrent = reads;
            return this;
        }

        /** {@value FallbackConfig#KEY_MODE}. */
        public Builder mode(Mode m) {
            if (m == null) {
                throw ConfigError.of(KEY_MODE, null, "is not a fallback mode; use fail-fast or wait");
            }
            this.mode = m;
            return this;
        }

        /** {@value FallbackConfig#KEY_MAX_WAIT_MS}. */
        public Builder maxWait(Duration wait) {
            this.maxWait = ConfigError.nonNegative(KEY_MAX_WAIT_MS, wait, DEFAULT_MAX_WAIT);
            return this;
        }

        public FallbackConfig build() {
            return new FallbackConfig(this);
        }
    }
}
