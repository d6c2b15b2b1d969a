package io.cqrs.routing.spring.actuator;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.RoutingReason;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every routing decision by endpoint, outcome and reason, and keeps the most recent ones
 * (and breaker transitions) for the {@code routing} Actuator endpoint. A {@link RoutingListener}:
 * counting is a map lookup and an add (no allocation); the recent-events ring costs one small object per
 * decision.
 */
public final class RoutingDecisionLog implements RoutingListener {

    /** One recent event. {@code outcome} is routed, excluded, rejected or breaker. */
    public record Event(Instant at, String endpoint, String role, String outcome, String reason, boolean readOnly,
                        String detail) {
    }

    private static final String[] OUTCOMES = {"routed", "excluded", "rejected"};
    private static final RoutingReason[] REASONS = RoutingReason.values();

    /** Per endpoint: one adder per outcome × reason. */
    private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<Event> recent;
    private final AtomicLong next = new AtomicLong();
    private final Clock clock;

    public RoutingDecisionLog(int capacity) {
        this(capacity, Clock.systemUTC());
    }

    public RoutingDecisionLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.recent = new AtomicReferenceArray<>(capacity);
        this.clock = clock;
    }

    @Override
    public void onRoute(RoutingDecision d) {
        record(d, 0, null);
    }

    @Override
    public void onExclude(RoutingDecision d) {
        record(d, 1, null);
    }

    @Override
    public void onReject(RoutingDecision d, SQLException error) {
        record(d, 2, error == null ? null : error.getSQLState());
    }

    @Override
    public void onBreakerTransition(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
        add(new Event(clock.instant(), endpoint, null, "breaker", from + " -> " + to, false, null));
    }

    private void record(RoutingDecision d, int outcome, String detail) {
        counts.computeIfAbsent(d.endpoint(), RoutingDecisionLog::adders)[outcome * REASONS.length + d.reason().ordinal()].increment();
        add(new Event(clock.instant(), d.endpoint(), role(d.role()), OUTCOMES[outcome], d.reason().name(), d.readOnly(), detail));
    }

    private static LongAdder[] adders(String endpoint) {
        LongAdder[] a = new LongAdder[OUTCOMES.length * REASONS.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private void add(Event e) {
        long i = next.getAndIncrement();
        recent.set((int) (i % recent.length()), e);
    }

    private static String role(EndpointRole r) {
        return r == null ? null : r.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How many decisions were made for {@code endpoint} with {@code outcome} (routed, excluded, rejected) and {@code reason}. */
    public long count(String endpoint, String outcome, RoutingReason reason) {
        LongAdder[] a = counts.get(endpoint);
        int o = java.util.Arrays.asList(OUTCOMES).indexOf(outcome);
        if (o < 0) {
            throw new IllegalArgumentException("outcome '" + outcome + "' is not one of " + java.util.Arrays.toString(OUTCOMES));
        }
        return a == null ? 0 : a[o * REASONS.length + reason.ordinal()].sum();
    }

    /** Decisions by endpoint, then by "outcome reason" (e.g. {@code routed READ_ONLY}), in name order. */
    public Map<String, Map<String, Long>> countsByEndpoint() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((endpoint, adders) -> {
            Map<String, Long> m = new TreeMap<>();
            for (int i = 0; i < adders.length; i++) {
                long n = adders[i].sum();
                if (n > 0) {
                    m.put(OUTCOMES[i / REASONS.length] + " " + REASONS[i % REASONS.length].name(), n);
                }
            }
            out.put(endpoint, m);
        });
        return out;
    }

    /** The most recent events, oldest first. */
    public List<Event> recent() {
        long end = next.get();
        int n = recent.length();
        List<Event> out = new ArrayList<>(n);
        for (long i = Math.max(0, end - n); i < end; i++) {
            Event e = recent.get((int) (i % n));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
