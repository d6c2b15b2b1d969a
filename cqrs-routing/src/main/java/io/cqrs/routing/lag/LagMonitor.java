package io.cqrs.routing.lag;

import io.cqrs.routing.LagConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes every replica at a fixed delay and publishes an immutable {@link LagSnapshot}
 * through a volatile reference (one writer at a time, readers never lock).
 *
 * <p>Each replica has a chain of probes (e.g. heartbeat, then GTID, then status); the first
 * one that answers gives the sample. When all throw, the replica's failure count grows and
 * its last lag is kept; at {@code failureThreshold} failures in a row its lag becomes unknown
 * and it is ineligible.
 *
 * <p>Eligibility rule, with hysteresis so a replica hovering at the limit does not flap:
 * <ul>
 *   <li>a stopped replica, or one with unknown lag, is ineligible;</li>
 *   <li>an unresponsive replica — its own probe connection could not be opened, or broke during the
 *       probe (the server did not answer within the connection's network timeout) — is ineligible at
 *       once, whatever the failure threshold; the next sample decides again under {@code maxLag}
 *       (it was not excluded for its lag, so there is no hysteresis to respect);</li>
 *   <li>an eligible replica becomes ineligible when its lag exceeds {@code maxLag};</li>
 *   <li>an ineligible replica becomes eligible again only when its lag is at most
 *       {@code maxLag × (1 − hysteresis)} (default hysteresis 0.5: with maxLag 2 s it
 *       leaves above 2 s and returns at or below 1 s); hysteresis 0 turns this off;</li>
 *   <li>the very first sample uses {@code maxLag} itself (nothing to flap from yet).</li>
 * </ul>
 * Per-call budgets ({@link #isWithin(String, Duration)}) read the same snapshot without
 * hysteresis. Replicas are ineligible until their first sample; {@link #start()} probes at once.
 * Replicas can be added and removed while the monitor runs ({@link #addReplica}, {@link #removeReplica}).
 */
public final class LagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final Map<String, Replica> replicas;
    private final Duration interval;
    private final Duration maxLag;
    private final Duration resumeLag;
    private final int failureThreshold;
    private final Clock clock;
    private final LagListener listener;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    /** The scheduled probe of each replica, by endpoint; empty until {@link #start()}. */
    private final Map<String, ScheduledFuture<?>> tasks = new LinkedHashMap<>();
    private boolean started;
    private final Object publishLock = new Object();
    private volatile LagSnapshot snapshot;

    private LagMonitor(Builder b) {
        this.replicas = new ConcurrentHashMap<>(b.replicas);
        this.interval = b.config.interval();
        this.maxLag = b.config.maxLag();
        this.resumeLag = b.config.resumeLag();
        this.failureThreshold = b.config.failureThreshold();
        this.clock = b.clock;
        this.listener = b.listener;
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor ? Executors.newScheduledThreadPool(Math.min(2, Math.max(1, replicas.size())), daemonThreads())
                : b.executor;
        Map<String, ReplicaLag> initial = new LinkedHashMap<>();
        b.replicas.keySet().forEach(ep -> initial.put(ep, ReplicaLag.unknown(ep)));
        this.snapshot = new LagSnapshot(initial, clock.instant());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Schedules every replica's probes, the first at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (String endpoint : snapshot.replicas().keySet()) {
            schedule(endpoint);
        }
    }

    private void schedule(String endpoint) {
        tasks.put(endpoint, executor.scheduleWithFixedDelay(() -> probeQuietly(endpoint), 0, interval.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Monitors one more replica from now on (a replica added at run time): unknown until its first
     * sample, probed at once when the monitor runs.
     *
     * @throws IllegalArgumentException when a replica of that name is monitored already
     */
    public synchronized void addReplica(String endpoint, ConnectionSource connections, LagProbe... probes) {
        Replica r = Builder.newReplica(endpoint, connections, probes);
        if (replicas.putIfAbsent(endpoint, r) != null) {
            throw new IllegalArgumentException("Replica endpoint '" + endpoint + "' is monitored already");
        }
        synchronized (publishLock) {
            Map<String, ReplicaLag> m = new LinkedHashMap<>(snapshot.replicas());
            m.put(endpoint, ReplicaLag.unknown(endpoint));
            snapshot = new LagSnapshot(m, clock.instant());
        }
        if (started) {
            schedule(endpoint);
        }
    }

    /** Stops monitoring a replica (removed at run time) and drops it from the snapshot; unknown names are ignored. */
    public synchronized void removeReplica(String endpoint) {
        ScheduledFuture<?> task = tasks.remove(endpoint);
        if (task != null) {
            task.cancel(false);
        }
        Replica r = replicas.remove(endpoint);
        synchronized (publishLock) {
            Map<String, ReplicaLag> m = new LinkedHashMap<>(snapshot.replicas());
            if (m.remove(endpoint) != null) {
                snapshot = new LagSnapshot(m, clock.instant());
            }
        }
        if (r != null) {
            synchronized (r) {
                r.closeConnection();
            }
        }
    }

    /** The current snapshot: one volatile read. */
    public LagSnapshot snapshot() {
        return snapshot;
    }

    public boolean isEligible(String endpoint) {
        return snapshot.isEligible(endpoint);
    }

    public boolean isWithin(String endpoint, Duration maxLag) {
        return snapshot.isWithin(endpoint, maxLag);
    }

    public Duration maxLag() {
        return maxLag;
    }

    /** The lag at or below which an ineligible replica becomes eligible again. */
    public Duration resumeLag() {
        return resumeLag;
    }

    /** Probes every replica now on the calling thread (tests, start-up) and returns the new snapshot. */
    public LagSnapshot probeNow() {
        snapshot.replicas().keySet().forEach(this::probeNow);
        return snapshot;
    }

    /** Probes one replica now on the calling thread. */
    public ReplicaLag probeNow(String endpoint) {
        Replica replica = replicas.get(endpoint);
        if (replica == null) {
            throw new IllegalArgumentException("Unknown replica endpoint '" + endpoint + "'; known: " + replicas.keySet());
        }
        SQLException failure = null;
        LagSample sample = null;
        boolean unresponsive = false;
        synchronized (replica) {
            Connection c = null;
            try {
                c = replica.connection();
                for (LagProbe probe : replica.probes) {
                    try {
                        sample = probe.probe(c);
                        break;
                    } catch (SQLException e) {
                        failure = chain(failure, probe, e);
                    }
                }
            } catch (SQLException e) {
                failure = chain(failure, null, e);
            }
            if (sample == null) {
                // no connection, or the driver closed it (a network timeout or a broken socket): the
                // replica itself did not answer. A probe that failed otherwise (a source-side read, a
                // permission) leaves the connection open and counts towards the failure threshold.
                unresponsive = c == null || isClosed(c);
                replica.closeConnection();
            }
        }
        return sample != null ? recordSample(endpoint, sample) : recordFailure(endpoint, failure, unresponsive);
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private void probeQuietly(String endpoint) {
        try {
            probeNow(endpoint);
        } catch (RuntimeException e) {
            log.warn("Lag probe of {} threw unexpectedly", endpoint, e);
        }
    }

    private static SQLException chain(SQLException first, LagProbe probe, SQLException e) {
        SQLException wrapped = probe == null ? e
                : new SQLException(probe.name() + " probe: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        if (first == null) {
            return wrapped;
        }
        first.setNextException(wrapped);
        return first;
    }

    private ReplicaLag recordSample(String endpoint, LagSample sample) {
        ReplicaLag prev;
        ReplicaLag next;
        synchronized (publishLock) {
            prev = snapshot.get(endpoint);
            if (prev == null || !replicas.containsKey(endpoint)) {
                return ReplicaLag.unknown(endpoint); // removed while it was probed
            }
            boolean eligible = decide(prev, sample);
            next = new ReplicaLag(endpoint, sample.lag(), sample.transactionsBehind(), sample.replicationStopped(),
                    clock.instant(), 0, eligible, null);
            publish(next);
        }
        notify(() -> listener.onSample(next, sample));
        afterChange(prev, next);
        return next;
    }

    private ReplicaLag recordFailure(String endpoint, SQLException error, boolean unresponsive) {
        ReplicaLag prev;
        ReplicaLag next;
        synchronized (publishLock) {
            prev = snapshot.get(endpoint);
            if (prev == null || !replicas.containsKey(endpoint)) {
                return ReplicaLag.unknown(endpoint); // removed while it was probed
            }
            int failures = prev.consecutiveFailures() + 1;
            boolean exhausted = failures >= failureThreshold;
            next = new ReplicaLag(endpoint, exhausted ? null : prev.lag(), exhausted ? -1 : prev.transactionsBehind(),
                    prev.replicationStopped(), prev.sampledAt(), failures, !exhausted && !unresponsive && prev.eligible(),
                    error.getMessage(), unresponsive);
            publish(next);
        }
        log.debug("Lag probe of {} failed ({} in a row): {}", endpoint, next.consecutiveFailures(), error.getMessage());
        notify(() -> listener.onProbeFailure(next, error));
        afterChange(prev, next);
        return next;
    }

    private boolean decide(ReplicaLag prev, LagSample sample) {
        if (sample.replicationStopped() || sample.lag() == null) {
            return false;
        }
        boolean firstSample = prev.sampledAt() == null;
        Duration limit = prev.eligible() || firstSample || prev.unresponsive() ? maxLag : resumeLag;
        return sample.lag().compareTo(limit) <= 0;
    }

    private void publish(ReplicaLag next) {
        Map<String, ReplicaLag> m = new LinkedHashMap<>(snapshot.replicas());
        m.put(next.endpoint(), next);
        snapshot = new LagSnapshot(m, clock.instant());
    }

    /**
     * Logs when reads stop or start going to the replica as the router sees it ({@link ReplicaLag#admitsReads}: an
     * unsampled replica has the benefit of the doubt, so a first sample over the limit is logged and a first one under
     * it is not), and tells the listener when {@link ReplicaLag#eligible()} changes.
     */
    private void afterChange(ReplicaLag prev, ReplicaLag next) {
        boolean before = prev.admitsReads(failureThreshold);
        boolean after = next.admitsReads(failureThreshold);
        if (before && !after) {
            log.warn("Replica {} is no longer eligible: {}", next.endpoint(), reason(next));
        } else if (!before && after) {
            log.info("Replica {} is eligible again: lag {} (resume at <= {})", next.endpoint(), next.lag(), resumeLag);
        }
        if (prev.eligible() != next.eligible()) {
            notify(() -> listener.onEligibilityChange(next));
        }
    }

    private String reason(ReplicaLag r) {
        if (r.unresponsive()) {
            return "unresponsive (its probe connection failed or did not answer in time): " + r.lastError();
        }
        if (r.consecutiveFailures() >= failureThreshold) {
            return r.consecutiveFailures() + " lag probes failed in a row, last: " + r.lastError();
        }
        if (r.replicationStopped()) {
            return "replication stopped";
        }
        if (r.lag() == null) {
            return "lag unknown (" + r.transactionsBehind() + " transactions behind)";
        }
        return "lag " + r.lag() + " > maxLag " + maxLag;
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("LagListener {} failed", listener, e);
        }
    }

    @Override
    public synchronized void close() {
        tasks.values().forEach(t -> t.cancel(false));
        tasks.clear();
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        for (Replica r : replicas.values()) {
            synchronized (r) {
                r.closeConnection();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "cqrs-lag-monitor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Replica {
        final ConnectionSource source;
        final List<LagProbe> probes;
        Connection connection;

        Replica(ConnectionSource source, List<LagProbe> probes) {
            this.source = source;
            this.probes = probes;
        }

        Connection connection() throws SQLException {
            if (connection == null || connection.isClosed()) {
                connection = source.open();
            }
            return connection;
        }

        void closeConnection() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
                connection = null;
            }
        }
    }

    public static final class Builder {
        private final Map<String, Replica> replicas = new LinkedHashMap<>();
        private LagConfig config = LagConfig.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private LagListener listener = LagListener.NONE;
        private ScheduledExecutorService executor;

        private Builder() {
        }

        /** A replica with its own connection source and probe chain, tried in order. */
        public Builder replica(String endpoint, ConnectionSource connections, LagProbe... probes) {
            if (replicas.putIfAbsent(endpoint, newReplica(endpoint, connections, probes)) != null) {
                throw new IllegalArgumentException("Replica endpoint '" + endpoint + "' is registered twice");
            }
            return this;
        }

        /**
         * Interval, max lag, hysteresis and failure threshold (validated by {@link LagConfig}'s
         * builder; the monitor takes them as they are). {@link LagConfig#ofDefaults()} unless set.
         */
        public Builder config(LagConfig lagConfig) {
            this.config = Objects.requireNonNull(lagConfig, "config");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder listener(LagListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** An executor to run probes on (not shut down by the monitor); by default it owns two daemon threads. */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = executor;
            return this;
        }

        static Replica newReplica(String endpoint, ConnectionSource connections, LagProbe... probes) {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(connections, "connections");
            if (probes.length == 0) {
                throw new IllegalArgumentException("Replica '" + endpoint + "' needs at least one LagProbe");
            }
            return new Replica(connections, List.of(probes));
        }

        public LagMonitor build() {
            return new LagMonitor(this);
        }
    }
}
