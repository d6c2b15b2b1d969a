package io.cqrs.bench;

import io.cqrs.bench.stub.StubDriver;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.LagConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.lag.LagProbe;
import io.cqrs.routing.lag.LagSample;

import java.time.Duration;
import java.util.List;

/**
 * A RoutingDataSource over stub endpoints, sized like the raw pools it is compared with
 * (8 connections, all idle at start). Everything the router does per borrow stays on: the lag
 * monitor runs (every 500 ms, with a probe that answers "lag 0" without touching the stub, so
 * the stub's connections are not used by the monitor and the replica stays eligible), breakers
 * ({@code BreakerConfig.ofDefaults()}), the spill limiter, session tokens. GTID
 * capture is on unless asked otherwise: the stub answers {@code SELECT VERSION()} as MariaDB and
 * {@code SELECT @@last_gtid} with a fresh GTID, so capture costs one (free) stub query per write.
 */
record RoutedSetup(RoutingDataSource dataSource) implements AutoCloseable {

    /** The probe the monitor runs: constant zero lag, no statement. */
    static final LagProbe ZERO_LAG = replica -> LagSample.of(Duration.ZERO);

    static RoutedSetup stub() {
        return stub(true);
    }

    static RoutedSetup stub(boolean capture) {
        StubDriver.register();
        RoutingConfig config = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(StubDriver.PREFIX + "source").build())
                .replica(EndpointConfig.builder("replica-1").jdbcUrl(StubDriver.PREFIX + "replica-1").build())
                .maximumPoolSize(8)
                .minimumIdle(8)
                .lag(LagConfig.custom().customProbes(endpoint -> List.of(ZERO_LAG)).build())
                .consistency(capture ? ConsistencyConfig.ofDefaults() : ConsistencyConfig.custom().capture(false).build())
                .build();
        return new RoutedSetup(new RoutingDataSource(config));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
