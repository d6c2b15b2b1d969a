package io.cqrs.routing;

import io.cqrs.routing.internal.ConfigValidation;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pool sizing shared by every endpoint's HikariCP pool ({@code cqrs.pool.*}); an endpoint's own
 * {@link EndpointConfig#hikariProperties()} win over these. Immutable; build it with
 * {@link #custom()}, or take {@link #ofDefaults()}.
 */
public final class PoolConfig {

    public static final String KEY_MAXIMUM_POOL_SIZE = "cqrs.pool.maximum-pool-size";
    public static final String KEY_MINIMUM_IDLE = "cqrs.pool.minimum-idle";
    public static final String KEY_CONNECTION_TIMEOUT_MS = "cqrs.pool.connection-timeout-ms";
    /** Prefix of extra HikariCP properties for every pool: {@code cqrs.pool.hikari.<HikariConfig property>}. */
    public static final String KEY_HIKARI_PREFIX = "cqrs.pool.hikari.";

    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    /** HikariCP's floor: shorter timeouts are raised to it, with a warning. */
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    private static final PoolConfig DEFAULTS = custom().build();

    private final int maximumPoolSize;
    private final int minimumIdle;
    private final Duration connectionTimeout;
    private final Map<String, String> hikariProperties;

    private PoolConfig(Builder b, Duration connectionTimeout) {
        this.maximumPoolSize = b.maximumPoolSize;
        this.minimumIdle = b.minimumIdle == null ? b.maximumPoolSize : b.minimumIdle;
        this.connectionTimeout = connectionTimeout;
        this.hikariProperties = Map.copyOf(b.hikari);
    }

    public static PoolConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(PoolConfig base) {
        Builder b = new Builder();
        b.maximumPoolSize = base.maximumPoolSize;
        b.minimumIdle = base.minimumIdle;
        b.connectionTimeout = base.connectionTimeout;
        b.hikari.putAll(base.hikariProperties);
        return b;
    }

    /** {@value #KEY_MAXIMUM_POOL_SIZE}: connections per endpoint, at least 1 (default 10). */
    public int maximumPoolSize() {
        return maximumPoolSize;
    }

    /** {@value #KEY_MINIMUM_IDLE}: 0..maximumPoolSize (default: maximumPoolSize). */
    public int minimumIdle() {
        return minimumIdle;
    }

    /**
     * {@value #KEY_CONNECTION_TIMEOUT_MS}: how long one endpoint may take to hand out a connection
     * before the router fails over; at least 250 ms (HikariCP's floor), short by default (1 s) so
     * failover is quick.
     */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** {@code cqrs.pool.hikari.*}: extra HikariCP properties for every pool. */
    public Map<String, String> hikariProperties() {
        return hikariProperties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolConfig p && maximumPoolSize == p.maximumPoolSize && minimumIdle == p.minimumIdle
                && connectionTimeout.equals(p.connectionTimeout) && hikariProperties.equals(p.hikariProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maximumPoolSize, minimumIdle, connectionTimeout, hikariProperties);
    }

    @Override
    public String toString() {
        return "PoolConfig[maximumPoolSize=" + maximumPoolSize + ", minimumIdle=" + minimumIdle
                + ", connectionTimeout=" + connectionTimeout.toMillis() + "ms, hikariProperties="
                + Masking.maskProperties(hikariProperties) + "]";
    }

    /** Builder; setters check their value at once, {@link #build()} what depends on several. */
    public static final class Builder {
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private Integer minimumIdle;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private final Map<String, String> hikari = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@value PoolConfig#KEY_MAXIMUM_POOL_SIZE}. */
        public Builder maximumPoolSize(int size) {
            if (size < 1) {
                throw ConfigError.of(KEY_MAXIMUM_POOL_SIZE, size, "is invalid; use at least 1 (connections per endpoint)");
            }
            this.maximumPoolSize = size;
            return this;
        }

        /** {@value PoolConfig#KEY_MINIMUM_IDLE}; checked against the maximum in {@link #build()}. */
        public Builder minimumIdle(int idle) {
            this.minimumIdle = idle;
            return this;
        }

        /** {@value PoolConfig#KEY_CONNECTION_TIMEOUT_MS}; below 250 ms it is raised to 250 ms with a warning. */
        public Builder connectionTimeout(Duration timeout) {
            if (timeout == null || timeout.toMillis() <= 0) {
                throw ConfigError.ofMillis(KEY_CONNECTION_TIMEOUT_MS, timeout, "is invalid; use at least "
                        + MIN_CONNECTION_TIMEOUT.toMillis() + " (how long one endpoint may take before the router fails over)");
            }
            this.connectionTimeout = timeout;
            return this;
        }

        /** {@code cqrs.pool.hikari.<key>}, e.g. {@code ("dataSource.useLocalSessionState", "true")}. */
        public Builder hikariProperty(String key, String value) {
            this.hikari.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public PoolConfig build() {
            if (minimumIdle != null && (minimumIdle < 0 || minimumIdle > maximumPoolSize)) {
                throw ConfigError.of(KEY_MINIMUM_IDLE, minimumIdle, "is out of range; use 0.." + maximumPoolSize
                        + " (at most " + KEY_MAXIMUM_POOL_SIZE + ")");
            }
            ConfigValidation.validateHikari(KEY_HIKARI_PREFIX, hikari);
            Duration timeout = connectionTimeout;
            if (timeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
                LoggerFactory.getLogger(PoolConfig.class).warn("{} = {} is below HikariCP's floor; using {}",
                        KEY_CONNECTION_TIMEOUT_MS, timeout.toMillis(), MIN_CONNECTION_TIMEOUT.toMillis());
                timeout = MIN_CONNECTION_TIMEOUT;
            }
            return new PoolConfig(this, timeout);
        }
    }
}
