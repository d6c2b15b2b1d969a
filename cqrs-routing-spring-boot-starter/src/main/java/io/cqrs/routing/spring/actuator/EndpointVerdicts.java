package io.cqrs.routing.spring.actuator;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.TopologySnapshot;
import io.cqrs.routing.lag.LagSnapshot;
import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether each endpoint of a {@link RoutingDataSource} is in rotation and why not, read from the
 * router's topology, breakers and lag snapshot. The only class of the starter that reads those; when
 * the router reports its own per-replica verdicts, this is where they are taken over.
 *
 * <p>Verdicts: {@link Verdict#UP} in rotation; {@link Verdict#OUT_OF_SERVICE} reachable but out of
 * rotation (draining, lag above the budget, replication stopped, lag not measured yet, excluded by a
 * monitor); {@link Verdict#DOWN} unreachable (circuit breaker open, lag probes failing).
 */
public final class EndpointVerdicts {

    /** An endpoint's state, as health and the routing endpoint show it. */
    public enum Verdict { UP, OUT_OF_SERVICE, DOWN }

    /**
     * One endpoint.
     *
     * @param name    endpoint name
     * @param role    source or replica
     * @param verdict in rotation or not
     * @param reason  why not ("in rotation" when it is)
     * @param details breaker state, lag, load: JSON-friendly values
     */
    public record EndpointVerdict(String name, EndpointRole role, Verdict verdict, String reason, Map<String, Object> details) {
    }

    private final RoutingDataSource ds;

    public EndpointVerdicts(RoutingDataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    /** Source first, then the replicas in order. */
    public List<EndpointVerdict> all() {
        TopologySnapshot t = ds.topology();
        Map<String, CircuitBreaker.State> breakers = ds.breakerStates();
        Optional<LagSnapshot> lag = ds.lagSnapshot();
        List<EndpointVerdict> out = new ArrayList<>();
        out.add(verdict(t.source(), breakers, lag));
        for (EndpointState r : t.replicas()) {
            out.add(verdict(r, breakers, lag));
        }
        return out;
    }

    /** The source's verdict: the application can write (and read) while it is UP. */
    public EndpointVerdict source() {
        return all().get(0);
    }

    private EndpointVerdict verdict(EndpointState e, Map<String, CircuitBreaker.State> breakers, Optional<LagSnapshot> lag) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", e.role().name().toLowerCase(java.util.Locale.ROOT));
        CircuitBreaker.State breaker = breakers.get(e.name());
        d.put("breaker", breaker == null ? "UNKNOWN" : breaker.name());
        d.put("adminStatus", e.status().name()); // ACTIVE or DRAINING
        d.put("inFlight", e.load().inFlight());
        ReplicaLag rl = e.role() == EndpointRole.REPLICA ? lag.map(s -> s.get(e.name())).orElse(null) : null;
        if (rl != null) {
            d.put("lagMs", rl.lag() == null ? null : rl.lag().toMillis());
            d.put("transactionsBehind", rl.transactionsBehind());
            d.put("replicationStopped", rl.replicationStopped());
            d.put("lagSampledAt", rl.sampledAt() == null ? null : rl.sampledAt().toString());
            d.put("lagProbeFailures", rl.consecutiveFailures());
        }
        Verdict v = Verdict.UP;
        String reason = "in rotation";
        if (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN) {
            v = Verdict.DOWN;
            reason = "circuit breaker " + breaker + ": connection failures; retried after cqrs.breaker.wait-in-open-ms";
        } else if (e.role() == EndpointRole.REPLICA) {
            if (e.status() != EndpointStatus.ACTIVE) {
                v = Verdict.OUT_OF_SERVICE;
                reason = "draining";
            } else if (!e.health().eligible()) {
                v = Verdict.OUT_OF_SERVICE;
                reason = e.health().reason();
            } else if (lag.isPresent()) {
                if (rl == null) {
                    v = Verdict.OUT_OF_SERVICE;
                    reason = "lag not measured yet";
                } else if (!rl.isLagKnown() && rl.consecutiveFailures() > 0) {
                    v = Verdict.DOWN;
                    reason = "lag probes failing (" + rl.consecutiveFailures() + " in a row): " + shorten(rl.lastError());
                } else if (rl.replicationStopped()) {
                    v = Verdict.OUT_OF_SERVICE;
                    reason = "lag-excluded: replication stopped";
                } else if (!rl.eligible()) {
                    v = Verdict.OUT_OF_SERVICE;
                    reason = rl.isLagKnown() ? "lag-excluded: lag " + rl.lag().toMillis() + "ms > cqrs.lag.max-lag-ms "
                            + ds.config().lag().maxLag().toMillis() + "ms (back at or below max-lag × (1 − hysteresis))"
                            : "lag-excluded: lag unknown";
                }
            }
        }
        if (breaker == CircuitBreaker.State.HALF_OPEN && v == Verdict.UP) {
            reason = "circuit breaker HALF_OPEN: trial borrows";
        }
        return new EndpointVerdict(e.name(), e.role(), v, reason, d);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "no error recorded";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
