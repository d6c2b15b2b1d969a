package io.cqrs.bench.chaos;

import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.LagConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;

/**
 * The router under test, built from the sandbox's endpoints through the public builders, with the
 * README's advice at test-sized values: socketTimeout on the replica URL, a 500 ms borrow budget, a
 * 200 ms lag probe with a 1 s max lag, and a quick breaker (opens after 2 failed calls of 4, half-open
 * after 1 s). Change it here, in one place, to measure another configuration.
 */
final class ChaosRouter {

    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    static final Duration MAX_LAG = Duration.ofSeconds(1);
    static final String REPLICA_URL_OPTIONS = "&socketTimeout=2000";
    static final String SOURCE_URL_OPTIONS = "&trackSessionState=true&socketTimeout=5000";

    private ChaosRouter() {
    }

    static RoutingDataSource build(Sandbox sandbox) {
        SandboxServer source = sandbox.source();
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(source.jdbcUrl() + SOURCE_URL_OPTIONS)
                        .username(source.user()).password(source.password()).build())
                .maximumPoolSize(8).minimumIdle(1)
                .connectionTimeout(Duration.ofMillis(500))
                .poolHikariProperty("dataSource.useLocalSessionState", "true")
                .lag(LagConfig.custom().interval(PROBE_INTERVAL).maxLag(MAX_LAG).build())
                .breaker(BreakerConfig.custom().minimumNumberOfCalls(2)
                        .slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 4)
                        .waitDurationInOpenState(Duration.ofSeconds(1)).permittedNumberOfCallsInHalfOpenState(1).build());
        SandboxServer replica = sandbox.replica(0);
        b.replica(EndpointConfig.builder(Sampler.REPLICA).jdbcUrl(replica.jdbcUrl() + REPLICA_URL_OPTIONS).build());
        return new RoutingDataSource(b.build());
    }

    static String describe() {
        return "replica URL +" + REPLICA_URL_OPTIONS + ", source URL +" + SOURCE_URL_OPTIONS
                + ", pool 8, connection-timeout 500 ms, lag probe " + PROBE_INTERVAL.toMillis() + " ms / max lag "
                + MAX_LAG.toMillis() + " ms, breaker 2 of 4 calls, open 1 s, 1 half-open call";
    }
}
