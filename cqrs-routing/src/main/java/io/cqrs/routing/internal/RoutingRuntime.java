package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.ReplicaSelector;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.fallback.SpillLimiter;
import io.cqrs.routing.health.EndpointBreakers;
import io.cqrs.routing.health.FailureClassifier;
import io.cqrs.routing.lag.LagMonitor;
import io.cqrs.routing.lag.LagSnapshot;

/**
 * The run-time state of one DataSource, built by the {@link TopologyManager} and only read by
 * the {@link Router} and the logical connections: the published {@link Topology}, the breakers,
 * the spill limiter, the token store, the lag view, the listeners and what runs after commits.
 * The topology is the one part that changes; only the manager publishes a new one.
 */
final class RoutingRuntime {

    private volatile Topology topology;
    private final EndpointBreakers breakers;
    private final SpillLimiter spill;
    private final Tokens tokens;
    private final LagMonitor lag;
    private final Listeners listeners;
    private final CommitObserver commits;
    private final FailureClassifier classifier;
    private final ReplicaSelector selector;
    private final boolean fallbackToSource;
    private final ConsistencyConfig consistency;
    private final FirstReadFailover failover;
    private final SourceWatch sourceWatch = new SourceWatch();
    /** Discovery is on: a write refused by a read-only source may wait for the next one. */
    private final boolean followWrites;

    RoutingRuntime(RoutingConfig config, Topology initial, Listeners listeners, EndpointBreakers breakers, LagMonitor lag) {
        this.topology = initial;
        this.breakers = breakers;
        this.spill = new SpillLimiter(config.fallback());
        this.tokens = new Tokens(config.consistency());
        this.lag = lag;
        this.listeners = listeners;
        this.commits = new CommitObserver(tokens, config.commitHook());
        this.classifier = config.failureClassifier();
        this.selector = config.selector();
        this.fallbackToSource = config.fallbackToSource();
        this.consistency = config.consistency();
        this.followWrites = config.discovery().enabled() && !config.discovery().writeWait().isZero();
        this.failover = new FirstReadFailover(classifier, config.discovery().writeWait(), sourceWatch, this::topology);
    }

    /** The topology reads decide on: one volatile read. */
    Topology topology() {
        return topology;
    }

    /** Makes {@code next} the topology of every read from now on; the topology manager's alone. */
    void publish(Topology next) {
        Topology prev = topology;
        this.topology = next;
        if (prev.source() != next.source()) {
            sourceWatch.sourceChanged();
        }
    }

    SourceWatch sourceWatch() {
        return sourceWatch;
    }

    /** Whether the first statement of a write on the source may move when the source refuses it as read-only. */
    boolean followWrites() {
        return followWrites;
    }

    EndpointBreakers breakers() {
        return breakers;
    }

    SpillLimiter spill() {
        return spill;
    }

    Tokens tokens() {
        return tokens;
    }

    /** The lag monitor, or null when monitoring is off or there are no replicas. */
    LagMonitor lag() {
        return lag;
    }

    /** The monitor's latest snapshot, or null without a monitor. */
    LagSnapshot lagSnapshot() {
        LagMonitor m = lag;
        return m == null ? null : m.snapshot();
    }

    Listeners listeners() {
        return listeners;
    }

    CommitObserver commits() {
        return commits;
    }

    FailureClassifier classifier() {
        return classifier;
    }

    ReplicaSelector selector() {
        return selector;
    }

    boolean fallbackToSource() {
        return fallbackToSource;
    }

    FirstReadFailover failover() {
        return failover;
    }

    ConsistencyConfig consistency() {
        return consistency;
    }

    /** The session defaults of any endpoint learned so far, or null (all endpoints are assumed alike). */
    SessionDefaults anyKnownDefaults() {
        Topology t = topology;
        SessionDefaults d = t.source().knownDefaults();
        if (d != null) {
            return d;
        }
        for (Topology.Member m : t.replicas()) {
            d = m.runtime().knownDefaults();
            if (d != null) {
                return d;
            }
        }
        return null;
    }
}
