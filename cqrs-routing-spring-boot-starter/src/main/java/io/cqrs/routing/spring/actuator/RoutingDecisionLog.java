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
 * counting is a map lookup and an add; the recent-events ring costs one small object per event.
 */
public final class RoutingDecisionLog implements RoutingListener {

    /** One recent event. {@code outcome} is routed, excluded, rejected or breaker. */
    public record Event(Instant at, String endpoint, String role, String outcome, String reason, boolean readOnly,
                        String detail) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
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
        record(d, "routed", null);
    }

    @Override
    public void onExclude(RoutingDecision d) {
        record(d, "excluded", null);
    }

    @Override
    public void onReject(RoutingDecision d, SQLException error) {
        record(d, "rejected", error == null ? null : error.getSQLState());
    }

    @Override
    public void onBreakerTransition(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
        add(new Event(clock.instant(), endpoint, null, "breaker", from + " -> " + to, false, null));
    }

    private void record(RoutingDecision d, String outcome, String detail) {
        counts.computeIfAbsent(d.endpoint() + '\u0000' + outcome + '\u0000' + d.reason().name(), k -> new LongAdder()).increment();
        add(new Event(clock.instant(), d.endpoint(), role(d.role()), outcome, d.reason().name(), d.readOnly(), detail));
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
        LongAdder a = counts.get(endpoint + '\u0000' + outcome + '\u0000' + reason.name());
        return a == null ? 0 : a.sum();
    }

    /** Decisions by endpoint, then by "outcome reason" (e.g. {@code routed READ_ONLY}), in name order. */
    public Map<String, Map<String, Long>> countsByEndpoint() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            String[] p = k.split("\u0000", 3);
            out.computeIfAbsent(p[0], e -> new TreeMap<>()).put(p[1] + " " + p[2], v.sum());
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
