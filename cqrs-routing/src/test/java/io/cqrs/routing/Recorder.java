package io.cqrs.routing;

import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** A listener that counts every routing event, for assertions. Thread-safe. */
final class Recorder implements RoutingListener {

    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    final List<String> breakerTransitions = new CopyOnWriteArrayList<>();
    final List<ReplicaLag> lagSamples = new CopyOnWriteArrayList<>();
    final List<RoutingDecision> routed = new CopyOnWriteArrayList<>();

    private void count(String outcome, RoutingDecision d) {
        counts.computeIfAbsent(outcome + ":" + d.endpoint() + ":" + d.reason(), k -> new LongAdder()).increment();
        counts.computeIfAbsent(outcome + ":" + d.reason(), k -> new LongAdder()).increment();
    }

    /** Events of one outcome (routed, excluded, rejected) and reason, over every endpoint. */
    long count(String outcome, RoutingReason reason) {
        LongAdder a = counts.get(outcome + ":" + reason);
        return a == null ? 0 : a.sum();
    }

    long count(String outcome, String endpoint, RoutingReason reason) {
        LongAdder a = counts.get(outcome + ":" + endpoint + ":" + reason);
        return a == null ? 0 : a.sum();
    }

    @Override
    public void onRoute(RoutingDecision d) {
        count("routed", d);
        if (routed.size() < 10_000) {
            routed.add(d);
        }
    }

    @Override
    public void onExclude(RoutingDecision d) {
        count("excluded", d);
    }

    @Override
    public void onReject(RoutingDecision d, SQLException error) {
        count("rejected", d);
    }

    @Override
    public void onLagSample(ReplicaLag lag) {
        if (lagSamples.size() < 10_000) {
            lagSamples.add(lag);
        }
    }

    @Override
    public void onBreakerTransition(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
        breakerTransitions.add(endpoint + ":" + from + "->" + to);
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(counts).toString() + " breakers=" + breakerTransitions;
    }
}
