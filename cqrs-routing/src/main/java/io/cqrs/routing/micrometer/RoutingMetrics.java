package io.cqrs.routing.micrometer;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.TopologySnapshot;
import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters for a {@link RoutingDataSource} (micrometer-core is an optional dependency):
 * <pre>
 * cqrs.routing.decisions{endpoint, role, reason, outcome=routed|excluded|rejected}   counter
 * cqrs.routing.replica.lag{endpoint}          gauge, seconds (NaN while unknown)
 * cqrs.routing.replica.lag.eligible{endpoint} gauge, 1 when the lag monitor allows reads
 * cqrs.routing.breaker.state{endpoint, state} gauge, 1 for the current state, 0 for the others
 * cqrs.routing.spill.in-flight                gauge, fallback reads holding a permit
 * </pre>
 * {@code new RoutingMetrics(ds).bindTo(registry)} registers the meters and adds itself as a
 * listener of {@code ds}. Counters are cached per endpoint and reason: counting is a map lookup
 * and an add.
 */
public final class RoutingMetrics implements MeterBinder, RoutingListener {

    private static final List<CircuitBreaker.State> STATES = List.of(CircuitBreaker.State.CLOSED,
            CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.FORCED_OPEN,
            CircuitBreaker.State.DISABLED, CircuitBreaker.State.METRICS_ONLY);

    private final RoutingDataSource ds;
    private final List<MeterRegistry> registries = new ArrayList<>();
    private final Map<String, Map<RoutingReason, Counter>[]> counters = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    /** Meters for {@code ds}; {@link #bindTo} registers them. */
    public RoutingMetrics(RoutingDataSource ds) {
        this.ds = ds;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        boolean first = registries.isEmpty();
        registries.add(registry);
        Gauge.builder("cqrs.routing.spill.in-flight", ds, RoutingDataSource::spillInFlight)
                .description("fallback reads on the source holding a spill permit").register(registry);
        TopologySnapshot t = ds.topology();
        gauges(registry, t.source().name(), false);
        for (EndpointState r : t.replicas()) {
            gauges(registry, r.name(), true);
        }
        if (first) {
            ds.addListener(this);
        }
    }

    private void gauges(MeterRegistry registry, String endpoint, boolean replica) {
        for (CircuitBreaker.State s : STATES) {
            Gauge.builder("cqrs.routing.breaker.state", ds, d -> d.breaker(endpoint).getState() == s ? 1 : 0)
                    .tags("endpoint", endpoint, "state", s.name().toLowerCase(Locale.ROOT))
                    .description("1 for the endpoint's current circuit breaker state").register(registry);
        }
        if (replica) {
            Gauge.builder("cqrs.routing.replica.lag", ds, d -> lagSeconds(d, endpoint)).tags("endpoint", endpoint)
                    .baseUnit("seconds").description("last measured replication lag").register(registry);
            Gauge.builder("cqrs.routing.replica.lag.eligible", ds,
                            d -> d.lagSnapshot().map(s -> s.isEligible(endpoint) ? 1.0 : 0.0).orElse(1.0))
                    .tags("endpoint", endpoint).description("1 when the lag monitor lets the replica take reads")
                    .register(registry);
        }
        gauged.add(endpoint);
    }

    private static double lagSeconds(RoutingDataSource d, String endpoint) {
        return d.lagSnapshot().map(s -> s.get(endpoint)).filter(ReplicaLag::isLagKnown)
                .map(r -> r.lag().toNanos() / 1e9).orElse(Double.NaN);
    }

    /** The counter of one endpoint, reason and outcome (0 routed, 1 excluded, 2 rejected). */
    Counter counter(RoutingDecision d, int outcome) {
        Map<RoutingReason, Counter>[] byOutcome = counters.computeIfAbsent(d.endpoint(), e -> newArray());
        Map<RoutingReason, Counter> m = byOutcome[outcome];
        Counter c = m.get(d.reason());
        if (c == null) {
            synchronized (m) {
                c = m.get(d.reason());
                if (c == null) {
                    c = new MultiCounter(d, outcome).counter;
                    m.put(d.reason(), c);
                }
            }
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<RoutingReason, Counter>[] newArray() {
        Map<RoutingReason, Counter>[] a = new Map[3];
        for (int i = 0; i < 3; i++) {
            a[i] = java.util.Collections.synchronizedMap(new EnumMap<>(RoutingReason.class));
        }
        return a;
    }

    /** Registers one counter in every bound registry; increments go to all. */
    private final class MultiCounter {
        final Counter counter;

        MultiCounter(RoutingDecision d, int outcome) {
            String o = outcome == 0 ? "routed" : outcome == 1 ? "excluded" : "rejected";
            List<Counter> all = new ArrayList<>();
            synchronized (RoutingMetrics.this) {
                for (MeterRegistry r : registries) {
                    all.add(Counter.builder("cqrs.routing.decisions")
                            .tags("endpoint", d.endpoint(), "role", d.role().name().toLowerCase(Locale.ROOT),
                                    "reason", d.reason().name().toLowerCase(Locale.ROOT), "outcome", o)
                            .description("routing decisions by endpoint, reason and outcome").register(r));
                }
            }
            this.counter = all.size() == 1 ? all.get(0) : new FanOut(all);
        }
    }

    @Override
    public void onRoute(RoutingDecision decision) {
        counter(decision, 0).increment();
    }

    @Override
    public void onExclude(RoutingDecision decision) {
        counter(decision, 1).increment();
    }

    @Override
    public void onReject(RoutingDecision decision, SQLException error) {
        counter(decision, 2).increment();
    }

    @Override
    public synchronized void onTopologyChange(TopologySnapshot snapshot) {
        for (EndpointState r : snapshot.replicas()) {
            if (!gauged.contains(r.name())) {
                for (MeterRegistry reg : registries) {
                    gauges(reg, r.name(), true);
                }
            }
        }
    }

    /** A counter view that increments several registered counters. */
    private record FanOut(List<Counter> counters) implements Counter {
        @Override
        public void increment(double amount) {
            counters.forEach(c -> c.increment(amount));
        }

        @Override
        public double count() {
            return counters.get(0).count();
        }

        @Override
        public Id getId() {
            return counters.get(0).getId();
        }
    }
}
