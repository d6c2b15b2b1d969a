package io.cqrs.bench;

import io.cqrs.bench.stub.StubDriver;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;

import javax.sql.DataSource;

/** A RoutingDataSource over stub endpoints, sized like the raw pools it is compared with. */
record RoutedSetup(RoutingDataSource dataSource) implements AutoCloseable {

    static RoutedSetup stub() {
        StubDriver.register();
        RoutingConfig config = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(StubDriver.PREFIX + "source").build())
                .replica(EndpointConfig.builder("replica-1").jdbcUrl(StubDriver.PREFIX + "replica-1").build())
                .maximumPoolSize(8)
                .minimumIdle(8)
                .build();
        return new RoutedSetup(new RoutingDataSource(config));
    }

    DataSource asDataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
