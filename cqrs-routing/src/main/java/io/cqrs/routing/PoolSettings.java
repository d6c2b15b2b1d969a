package io.cqrs.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Pool sizing shared by every endpoint's HikariCP pool (an endpoint's own
 * {@link EndpointConfig#hikariProperties()} win over these).
 *
 * @param maximumPoolSize   {@code cqrs.pool.maximum-pool-size}, at least 1
 * @param minimumIdle       {@code cqrs.pool.minimum-idle}, 0..maximumPoolSize
 * @param connectionTimeout {@code cqrs.pool.connection-timeout-ms}: how long one endpoint may take to
 *                          hand out a connection before the router fails over; at least 250 ms
 *                          (HikariCP's floor), short by default so failover is quick
 * @param hikariProperties  {@code cqrs.pool.hikari.*}: extra HikariCP properties for every pool
 */
public record PoolSettings(int maximumPoolSize, int minimumIdle, Duration connectionTimeout,
                           Map<String, String> hikariProperties) {

    /** Default pool size per endpoint: 10. */
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    /** Default time to get a connection from one endpoint: 1 s. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    /** The shortest connection timeout HikariCP accepts. */
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    /** Copies the HikariCP properties. */
    public PoolSettings {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        hikariProperties = Map.copyOf(hikariProperties == null ? Map.of() : hikariProperties);
    }

    /** The defaults: 10 connections per endpoint, all kept idle, 1 s connection timeout. */
    public static PoolSettings defaults() {
        return new PoolSettings(DEFAULT_MAXIMUM_POOL_SIZE, DEFAULT_MAXIMUM_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT, Map.of());
    }

    @Override
    public String toString() {
        return "PoolSettings[maximumPoolSize=" + maximumPoolSize + ", minimumIdle=" + minimumIdle
                + ", connectionTimeout=" + connectionTimeout.toMillis() + "ms, hikariProperties="
                + Masking.maskProperties(hikariProperties) + "]";
    }
}
