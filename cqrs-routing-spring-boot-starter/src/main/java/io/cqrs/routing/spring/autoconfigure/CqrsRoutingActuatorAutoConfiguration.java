package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.spring.actuator.Boot3RoutingHealthIndicator;
import io.cqrs.routing.spring.actuator.Boot4RoutingHealthIndicator;
import io.cqrs.routing.spring.actuator.EndpointVerdicts;
import io.cqrs.routing.spring.actuator.RoutingDecisionLog;
import io.cqrs.routing.spring.actuator.RoutingEndpoint;
import io.cqrs.routing.spring.actuator.RoutingHealth;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator: the {@code routing} health contribution (Boot 3 or Boot 4 health API, whichever is present;
 * {@code management.health.routing.enabled=false} turns it off) and the {@code routing} endpoint.
 */
@AutoConfiguration(after = CqrsRoutingAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(RoutingDataSource.class)
public class CqrsRoutingActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EndpointVerdicts routingEndpointVerdicts(RoutingDataSource dataSource) {
        return new EndpointVerdicts(dataSource);
    }

    /** A listener (added to the DataSource like every RoutingListener bean). */
    @Bean
    @ConditionalOnMissingBean
    public RoutingDecisionLog routingDecisionLog() {
        return new RoutingDecisionLog(100);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = RoutingEndpoint.class)
    public RoutingEndpoint routingEndpoint(EndpointVerdicts verdicts, RoutingDecisionLog log) {
        return new RoutingEndpoint(verdicts, log);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.routing", name = "enabled", matchIfMissing = true)
    static class Boot3Health {
        @Bean
        @ConditionalOnMissingBean(name = "routingHealthIndicator")
        Boot3RoutingHealthIndicator routingHealthIndicator(EndpointVerdicts verdicts) {
            return new Boot3RoutingHealthIndicator(new RoutingHealth(verdicts));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.routing", name = "enabled", matchIfMissing = true)
    static class Boot4Health {
        @Bean
        @ConditionalOnMissingBean(name = "routingHealthIndicator")
        Boot4RoutingHealthIndicator routingHealthIndicator(EndpointVerdicts verdicts) {
            return new Boot4RoutingHealthIndicator(new RoutingHealth(verdicts));
        }
    }
}
