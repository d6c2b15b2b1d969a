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
 * Whether each endpoint of a {@link RoutingDataSource} is in rotation and why not: the router's own
 * verdict from {@code ds.topology()} (the truth of what it does), mapped to a health status, with the
 * breaker state and lag as details. The only class of the starter that reads the router's topology,
 * breakers and lag snapshot.
 *
 * <p>{@link Verdict#UP}: eligible. {@link Verdict#OUT_OF_SERVICE}: reachable but out of rotation (drained,
 * vetoed, lag above {@code cqrs.lag.max-lag-ms} or replication stopped). {@link Verdict#DOWN}: unreachable
 * (circuit breaker open, or lag-excluded because the lag probes cannot reach it).
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
        d.put("verdict", e.verdict().name());
        Verdict v;
        String reason = e.health().reason();
        switch (e.verdict()) {
            case ELIGIBLE -> {
                v = Verdict.UP;
                reason = breaker == CircuitBreaker.State.HALF_OPEN ? "circuit breaker HALF_OPEN: trial borrows" : "in rotation";
            }
            case BREAKER_OPEN, UNRESPONSIVE -> v = Verdict.DOWN; // refused by its breaker, or silent to its probe
            case LAG_EXCLUDED -> v = rl != null && !rl.isLagKnown() && rl.consecutiveFailures() > 0
                    ? Verdict.DOWN                  // the lag probes cannot reach it
                    : Verdict.OUT_OF_SERVICE;       // reachable, behind or stopped
            default -> v = Verdict.OUT_OF_SERVICE;  // DRAINING, EXCLUDED and verdicts added later
        }
        if (v == Verdict.UP && (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN)) {
            v = Verdict.DOWN; // the source: writes are refused while its breaker is open
            reason = "circuit breaker " + breaker + ": connection failures; retried after cqrs.breaker.wait-in-open-ms";
        }
        if (v != Verdict.UP && reason.isEmpty()) {
            reason = e.verdict().name().toLowerCase(java.util.Locale.ROOT);
        }
        return new EndpointVerdict(e.name(), e.role(), v, reason, d);
    }
}
