package io.cqrs.routing.spring.autoconfigure;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

import java.util.stream.Collectors;

/**
 * Start-up failures caused by {@code cqrs.*} properties, told without the values: a rejected value is named
 * by the router's own message, and an unknown {@code cqrs.*} key (a typo such as {@code cqrs.source.pasword})
 * is named with where it was set but not with its value, which may be a password. Ordered before Boot's
 * own analyzers, which print the values of unbound properties.
 */
public class CqrsRoutingFailureAnalyzer implements FailureAnalyzer, Ordered {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidRoutingPropertiesException e) {
                return new FailureAnalysis("The routing DataSource rejected its configuration: " + e.getMessage(),
                        "Fix the cqrs.* property named above (keys: RoutingConfig.fromProperties; an IDE completes them"
                                + " from the starter's configuration metadata).", e);
            }
            if (t instanceof UnboundConfigurationPropertiesException u
                    && u.getUnboundProperties().stream().allMatch(p -> p.getName().toString().startsWith("cqrs."))) {
                String names = u.getUnboundProperties().stream()
                        .map(CqrsRoutingFailureAnalyzer::describe).sorted().collect(Collectors.joining(", "));
                return new FailureAnalysis("Unknown cqrs.* properties: " + names + " (values not shown: they may be passwords).",
                        "Correct or remove them; the keys are those of RoutingConfig.fromProperties (cqrs.source.*,"
                                + " cqrs.replicas[N].*, cqrs.pool.*, cqrs.routing.*, cqrs.lag.*, cqrs.breaker.*,"
                                + " cqrs.fallback.*, cqrs.consistency.*).", u);
            }
        }
        return null;
    }

    private static String describe(ConfigurationProperty p) {
        return p.getName() + (p.getOrigin() == null ? "" : " (" + p.getOrigin() + ")");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
