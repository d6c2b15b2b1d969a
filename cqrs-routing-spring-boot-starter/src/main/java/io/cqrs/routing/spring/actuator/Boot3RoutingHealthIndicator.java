package io.cqrs.routing.spring.actuator;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@link RoutingHealth} as a Spring Boot 3 health indicator (bean {@code routingHealthIndicator}: component {@code routing}). */
public final class Boot3RoutingHealthIndicator implements HealthIndicator {

    private final RoutingHealth health;

    public Boot3RoutingHealthIndicator(RoutingHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        RoutingHealth.Summary s = health.summary();
        return Health.status(s.status().name()).withDetails(s.details()).build();
    }
}
