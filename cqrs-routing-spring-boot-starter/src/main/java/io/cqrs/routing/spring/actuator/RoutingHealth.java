package io.cqrs.routing.spring.actuator;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.spring.actuator.EndpointVerdicts.EndpointVerdict;
import io.cqrs.routing.spring.actuator.EndpointVerdicts.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code routing} health contribution, independent of the Spring Boot version: one entry per endpoint
 * with its own status (UP, OUT_OF_SERVICE, DOWN), the reason, breaker state and lag; the contribution's
 * status is the source's. A replica out of rotation is visible in its entry but never takes the
 * application out of service while the source serves: reads it would have served go to the other
 * replicas or the source.
 *
 * <p>Why one contribution with per-endpoint entries and not one Boot contributor per endpoint: Boot's status
 * aggregation has no per-contributor weight, so a replica contributor that is OUT_OF_SERVICE or DOWN would
 * turn {@code /actuator/health} into 503 and get a healthy application restarted or taken out of its load
 * balancer.
 */
public final class RoutingHealth {

    /** Health status and details. */
    public record Summary(Verdict status, Map<String, Object> details) {
    }

    private final EndpointVerdicts verdicts;

    public RoutingHealth(EndpointVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    public Summary summary() {
        List<EndpointVerdict> all = verdicts.all();
        Map<String, Object> details = new LinkedHashMap<>();
        Verdict status = Verdict.UP;
        int replicas = 0;
        int inRotation = 0;
        for (EndpointVerdict v : all) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", v.verdict().name());
            e.put("reason", v.reason());
            e.putAll(v.details());
            details.put(v.name(), e);
            if (v.role() == EndpointRole.SOURCE) {
                status = v.verdict() == Verdict.UP ? Verdict.UP : Verdict.DOWN;
            } else {
                replicas++;
                inRotation += v.verdict() == Verdict.UP ? 1 : 0;
            }
        }
        details.put("replicasInRotation", inRotation + "/" + replicas);
        return new Summary(status, details);
    }
}
