package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One key vocabulary: the same bad value fails with the same message, naming the same
 * {@code cqrs.*} key, whether it was set through a builder or read from properties.
 */
class ConfigKeysTest {

    private static String fromProperties(String... kv) {
        Properties p = new Properties();
        p.setProperty("cqrs.source.url", "jdbc:stub:keys-source");
        p.setProperty("cqrs.replicas[0].url", "jdbc:stub:keys-replica");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return catchThrowableOfType(() -> RoutingConfig.fromProperties(p), IllegalArgumentException.class).getMessage();
    }

    private static String fromBuilder(Runnable build) {
        return catchThrowableOfType(build::run, IllegalArgumentException.class).getMessage();
    }

    private static RoutingConfig.Builder routing() {
        return RoutingConfig.builder().source("jdbc:stub:keys-source", null, null).replica("jdbc:stub:keys-replica");
    }

    @Test
    void lagConfig_builderAndProperties_nameTheSameKey() {
        String b = fromBuilder(() -> LagConfig.custom().interval(Duration.ofMillis(5)));
        assertThat(b).isEqualTo(fromProperties(LagConfig.KEY_INTERVAL_MS, "5"))
                .isEqualTo("cqrs.lag.interval-ms = 5 is too short; use at least 10 (default 500)");
        assertThat(fromBuilder(() -> LagConfig.custom().heartbeatWriter(true).probes(LagConfig.ProbeKind.GTID).build()))
                .isEqualTo(fromProperties(LagConfig.KEY_HEARTBEAT_WRITER, "true", LagConfig.KEY_PROBES, "gtid"))
                .startsWith("cqrs.lag.heartbeat-writer = true but cqrs.lag.probes = gtid");
        assertThat(fromBuilder(() -> LagConfig.custom().probeTimeout(Duration.ofMillis(49))))
                .isEqualTo(fromProperties(LagConfig.KEY_PROBE_TIMEOUT_MS, "49"))
                .isEqualTo("cqrs.lag.probe-timeout-ms = 49 is too short; use at least 50 (default 500)");
        assertThat(fromBuilder(() -> LagConfig.custom().heartbeatTable("a.b.c")))
                .isEqualTo(fromProperties(LagConfig.KEY_HEARTBEAT_TABLE, "a.b.c"))
                .startsWith("cqrs.lag.heartbeat-table = 'a.b.c' is not a table name;");
    }

    @Test
    void breakerConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> BreakerConfig.custom().minimumNumberOfCalls(0)))
                .isEqualTo(fromProperties(BreakerConfig.KEY_MINIMUM_NUMBER_OF_CALLS, "0"))
                .isEqualTo("cqrs.breaker.minimum-number-of-calls = 0 is invalid; use at least 1 (default 5)");
        assertThat(fromBuilder(() -> BreakerConfig.custom().waitDurationInOpenState(Duration.ZERO)))
                .isEqualTo(fromProperties(BreakerConfig.KEY_WAIT_IN_OPEN_MS, "0"))
                .startsWith("cqrs.breaker.wait-in-open-ms = 0 ");
    }

    @Test
    void fallbackConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> FallbackConfig.custom().maxWait(Duration.ofMillis(-1))))
                .isEqualTo(fromProperties(FallbackConfig.KEY_MAX_WAIT_MS, "-1"))
                .isEqualTo("cqrs.fallback.max-wait-ms = -1 is invalid; use 0 or more milliseconds (default 250)");
    }

    @Test
    void consistencyConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> ConsistencyConfig.custom().tokenWait(Duration.ofMinutes(1))))
                .isEqualTo(fromProperties(ConsistencyConfig.KEY_TOKEN_WAIT_MS, "60000"))
                .startsWith("cqrs.consistency.token-wait-ms = 60000 is out of range; use 0..30000");
    }

    @Test
    void poolConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> PoolConfig.custom().maximumPoolSize(4).minimumIdle(5).build()))
                .isEqualTo(fromProperties(PoolConfig.KEY_MAXIMUM_POOL_SIZE, "4", PoolConfig.KEY_MINIMUM_IDLE, "5"))
                .isEqualTo("cqrs.pool.minimum-idle = 5 is out of range; use 0..4 (at most cqrs.pool.maximum-pool-size)");
        assertThat(fromBuilder(() -> routing().poolHikariProperty("readOnly", "true").build()))
                .isEqualTo(fromProperties("cqrs.pool.hikari.readOnly", "true"))
                .isEqualTo("cqrs.pool.hikari.readOnly cannot be set: the router manages it; use cqrs.routing.replica-pools-read-only");
    }

    @Test
    void endpointConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> routing().replica(EndpointConfig.builder("replica-2").jdbcUrl("jdbc:stub:x").weight(0).build())
                .build()))
                .isEqualTo(fromProperties("cqrs.replicas[1].url", "jdbc:stub:x", "cqrs.replicas[1].weight", "0"))
                .startsWith("cqrs.replicas[1].weight = 0 is out of range;");
        assertThat(fromBuilder(() -> RoutingConfig.builder().source(EndpointConfig.builder("source").jdbcUrl("db1").build()).build()))
                .isEqualTo(fromProperties("cqrs.source.url", "db1"))
                .startsWith("cqrs.source.url = 'db1' is not a JDBC URL;");
    }

    @Test
    void routingConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> ReplicaSelector.named("fastest")))
                .isEqualTo(fromProperties(RoutingConfig.KEY_SELECTOR, "fastest"))
                .isEqualTo("cqrs.routing.selector = 'fastest' is not a selector; use round-robin, weighted-random,"
                        + " least-in-flight or lowest-lag");
        Properties noSource = new Properties();
        noSource.setProperty("cqrs.replicas[0].url", "jdbc:stub:keys-replica");
        assertThat(fromBuilder(() -> RoutingConfig.builder().replica("jdbc:stub:keys-replica").build()))
                .isEqualTo(catchThrowableOfType(() -> RoutingConfig.fromProperties(noSource), IllegalArgumentException.class).getMessage())
                .startsWith("cqrs.source.url is required");
    }

    @Test
    void discoveryConfig_builderAndProperties_nameTheSameKey() {
        assertThat(fromBuilder(() -> DiscoveryConfig.custom().interval(Duration.ofMillis(5))))
                .isEqualTo(fromProperties(DiscoveryConfig.KEY_INTERVAL_MS, "5"))
                .startsWith("cqrs.discovery.interval-ms = 5 is invalid; use at least 10 milliseconds");
        assertThat(fromBuilder(() -> DiscoveryConfig.custom().writeWait(Duration.ofMillis(-1))))
                .isEqualTo(fromProperties(DiscoveryConfig.KEY_WRITE_WAIT_MS, "-1"))
                .startsWith("cqrs.discovery.write-wait-ms = -1 is invalid");
        assertThat(fromBuilder(() -> DiscoveryConfig.custom().urlTemplate("jdbc:mysql://db/app")))
                .isEqualTo(fromProperties(DiscoveryConfig.KEY_URL_TEMPLATE, "jdbc:mysql://db/app"))
                .startsWith("cqrs.discovery.url-template = 'jdbc:mysql://db/app' is not a URL template; use a JDBC URL with {host} and {port}");
        Properties p = new Properties();
        p.setProperty("cqrs.source.url", "jdbc:stub:keys-source");
        p.setProperty(DiscoveryConfig.KEY_ENABLED, "true");
        p.setProperty(DiscoveryConfig.KEY_INTERVAL_MS, "250");
        assertThat(RoutingConfig.fromProperties(p).discovery())
                .isEqualTo(DiscoveryConfig.custom().enabled(true).interval(Duration.ofMillis(250)).build());
        assertThat(RoutingConfig.builder().source("jdbc:stub:keys-source", null, null).build().discovery().enabled()).isFalse();
    }
}
