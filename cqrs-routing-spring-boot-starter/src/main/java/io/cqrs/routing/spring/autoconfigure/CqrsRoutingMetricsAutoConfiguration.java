package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.micrometer.RoutingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The routing meters ({@code cqrs.routing.*}) as a {@code MeterBinder} bean: Boot binds it to every
 * {@link MeterRegistry} it manages.
 */
@AutoConfiguration(after = CqrsRoutingAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(RoutingDataSource.class)
public class CqrsRoutingMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RoutingMetrics routingMetrics(RoutingDataSource dataSource) {
        return new RoutingMetrics(dataSource);
    }
}
