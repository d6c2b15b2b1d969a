package io.cqrs.routing.spring.actuator;

import io.cqrs.routing.spring.actuator.EndpointVerdicts.EndpointVerdict;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/routing}: every endpoint with its verdict and reason, the decisions made so far by
 * endpoint, outcome and reason, and the most recent decisions and breaker transitions. Expose it with
 * {@code management.endpoints.web.exposure.include=health,routing}.
 */
@Endpoint(id = "routing")
public class RoutingEndpoint {

    private final EndpointVerdicts verdicts;
    private final RoutingDecisionLog log;

    public RoutingEndpoint(EndpointVerdicts verdicts, RoutingDecisionLog log) {
        this.verdicts = verdicts;
        this.log = log;
    }

    @ReadOperation
    public Map<String, Object> routing() {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (EndpointVerdict v : verdicts.all()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", v.name());
            e.put("status", v.verdict().name());
            e.put("reason", v.reason());
            e.putAll(v.details());
            endpoints.add(e);
        }
        List<Map<String, Object>> recent = new ArrayList<>();
        for (RoutingDecisionLog.Event ev : log.recent()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", ev.at().toString());
            e.put("endpoint", ev.endpoint());
            e.put("outcome", ev.outcome());
            e.put("reason", ev.reason());
            e.put("readOnly", ev.readOnly());
            if (ev.detail() != null) {
                e.put("detail", ev.detail());
            }
            recent.add(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoints", endpoints);
        out.put("decisions", log.countsByEndpoint());
        out.put("recent", recent);
        return out;
    }
}
