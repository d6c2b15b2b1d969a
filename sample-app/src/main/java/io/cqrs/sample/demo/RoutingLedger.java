package io.cqrs.sample.demo;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.RoutingReason;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts where the router sent work, per endpoint: writes, reads, reads that fell back to the
 * source, failed borrows, and how reads with a consistency token were served (the router's
 * TOKEN_PINNED / TOKEN_WAITED / TOKEN_FALLBACK decisions).
 */
public final class RoutingLedger implements RoutingListener {

    /** The counters of one endpoint (a live view). */
    public static final class Counts {
        final AtomicLong writes = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong fallbackReads = new AtomicLong();
        final AtomicLong failoverReads = new AtomicLong();
        final AtomicLong borrowFailures = new AtomicLong();
        final AtomicLong tokenReads = new AtomicLong();
        final AtomicLong tokenChecks = new AtomicLong();
        final AtomicLong tokenFallbacks = new AtomicLong();
        volatile EndpointRole role;

        public long writes() { return writes.get(); }
        public long reads() { return reads.get(); }
        public long fallbackReads() { return fallbackReads.get(); }
        public long failoverReads() { return failoverReads.get(); }
        public long borrowFailures() { return borrowFailures.get(); }
        public long tokenReads() { return tokenReads.get(); }
        public long tokenChecks() { return tokenChecks.get(); }
        /** Reads with a token that no replica could serve in time, so the source did (counted on the source). */
        public long tokenFallbacks() { return tokenFallbacks.get(); }
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
        switch (d.reason()) {
            case FALLBACK -> c.fallbackReads.incrementAndGet();
            case FAILOVER -> c.failoverReads.incrementAndGet();
            case TOKEN_PINNED -> c.tokenReads.incrementAndGet();
            case TOKEN_WAITED -> {
                c.tokenReads.incrementAndGet();
                c.tokenChecks.incrementAndGet();
            }
            case TOKEN_FALLBACK -> {
                c.tokenReads.incrementAndGet();
                c.tokenFallbacks.incrementAndGet();
                c.fallbackReads.incrementAndGet();
            }
            default -> { }
        }
    }

    @Override
    public void onBorrowFailure(String endpoint, EndpointRole role, SQLException failure) {
        Counts c = counts(endpoint);
        c.role = role;
        c.borrowFailures.incrementAndGet();
    }

}
