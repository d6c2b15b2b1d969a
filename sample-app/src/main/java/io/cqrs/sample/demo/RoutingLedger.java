package io.cqrs.sample.demo;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.RoutingReason;
import io.cqrs.sample.consistency.GtidReadYourWrites;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts where the router sent work, per endpoint: writes, reads, reads that fell back to the
 * source, failed borrows, and how reads with a consistency token were served.
 */
public final class RoutingLedger implements RoutingListener, GtidReadYourWrites.Observer {

    /** The counters of one endpoint (a live view). */
    public static final class Counts {
        final AtomicLong writes = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong fallbackReads = new AtomicLong();
        final AtomicLong failoverReads = new AtomicLong();
        final AtomicLong borrowFailures = new AtomicLong();
        final AtomicLong tokenReads = new AtomicLong();
        final AtomicLong tokenWaits = new AtomicLong();
        final AtomicLong tokenTimeouts = new AtomicLong();
        final AtomicLong maxTokenWaitMicros = new AtomicLong();
        volatile EndpointRole role;

        public long writes() { return writes.get(); }
        public long reads() { return reads.get(); }
        public long fallbackReads() { return fallbackReads.get(); }
        public long failoverReads() { return failoverReads.get(); }
        public long borrowFailures() { return borrowFailures.get(); }
        public long tokenReads() { return tokenReads.get(); }
        public long tokenWaits() { return tokenWaits.get(); }
        public long tokenTimeouts() { return tokenTimeouts.get(); }
        public Duration maxTokenWait() { return Duration.ofNanos(maxTokenWaitMicros.get() * 1000); }
        public EndpointRole role() { return role; }
    }

    private final Map<String, Counts> byEndpoint = new ConcurrentHashMap<>();

    public Counts counts(String endpoint) {
        return byEndpoint.computeIfAbsent(endpoint, e -> new Counts());
    }

    /** A sorted copy of the endpoint names and their counters. */
    public Map<String, Counts> snapshot() {
        return new TreeMap<>(byEndpoint);
    }

    @Override
    public void onRoute(RoutingDecision d) {
        Counts c = counts(d.endpoint());
        c.role = d.role();
        if (!d.readOnly() && d.role() == EndpointRole.SOURCE) {
            c.writes.incrementAndGet();
            return;
        }
        c.reads.incrementAndGet();
        if (d.reason() == RoutingReason.FALLBACK) {
            c.fallbackReads.incrementAndGet();
        } else if (d.reason() == RoutingReason.FAILOVER) {
            c.failoverReads.incrementAndGet();
        }
    }

    @Override
    public void onBorrowFailure(String endpoint, EndpointRole role, SQLException failure) {
        Counts c = counts(endpoint);
        c.role = role;
        c.borrowFailures.incrementAndGet();
    }

    @Override
    public void onTokenRead(String endpoint, GtidReadYourWrites.Outcome outcome, Duration waited) {
        Counts c = counts(endpoint);
        c.tokenReads.incrementAndGet();
        switch (outcome) {
            case REPLICA_WAITED -> c.tokenWaits.incrementAndGet();
            case SOURCE_AFTER_TIMEOUT -> c.tokenTimeouts.incrementAndGet();
            default -> { }
        }
        c.maxTokenWaitMicros.accumulateAndGet(waited.toNanos() / 1000, Math::max);
    }
}
