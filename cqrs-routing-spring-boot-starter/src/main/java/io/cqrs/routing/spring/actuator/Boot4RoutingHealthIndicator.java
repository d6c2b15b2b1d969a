package io.cqrs.routing.spring.actuator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@link RoutingHealth} as a Spring Boot 4 health indicator (bean {@code routingHealthIndicator}: component {@code routing}). */
public final class Boot4RoutingHealthIndicator implements HealthIndicator {

    private final RoutingHealth health;

    public Boot4RoutingHealthIndicator(RoutingHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        RoutingHealth.Summary s = health.summary();
        return Health.status(s.status().name()).withDetails(s.details()).build();
    }
}
