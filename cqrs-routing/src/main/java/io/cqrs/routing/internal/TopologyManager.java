package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.common.GtidSet;
import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.ConsistencySession;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.TopologySnapshot;
import io.cqrs.routing.fallback.SpillLimiter;
import io.cqrs.routing.health.EndpointBreakers;
import io.cqrs.routing.lag.HeartbeatWriter;
import io.cqrs.routing.lag.LagListener;
import io.cqrs.routing.lag.LagMonitor;
import io.cqrs.routing.lag.LagSample;
import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The single writer of the topology: builds the pools, breakers and lag monitor, the
 * {@link RoutingRuntime} that holds them and the {@link Router} that reads it, and publishes a new
 * immutable {@link Topology} for every change — endpoints added or removed, drained or vetoed, a
 * breaker transition, a lag verdict. Writers serialize on this object; readers never lock.
 */
public final class TopologyManager {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyManager.class);

    private final RoutingConfig config;
    private final RoutingRuntime runtime;
    private final Router router;
    private final EndpointBreakers breakers;
    private final Listeners listeners;
    private final LagGate lagGate;
    private final HeartbeatWriter heartbeatWriter;
    /** The lag monitor and how to monitor replicas added later; null when monitoring is off. */
    private final Monitoring.Lag lag;
    /** Discovery's background probe; null when discovery is off. */
    private final TopologyProbe probe;
    /** Replicas discovery drained because they left the source's replica list: discovery may bring them back. */
    private final Set<String> drainedByDiscovery = new HashSet<>();
    private final Readmission readmission = new Readmission();
    /** Written under the lock by close(); read without it on every getConnection(). */
    private volatile boolean closed;

    public TopologyManager(RoutingConfig config) {
        this.config = config;
        this.listeners = new Listeners(config.listeners());
        this.lagGate = new LagGate(config.lag().failureThreshold());
        this.breakers = EndpointBreakers.builder().config(config.breaker()).clock(config.clock())
                .classifier(config.failureClassifier()).listener(this::breakerTransition).build();
        EndpointRuntime source = PoolFactory.create(config.source(), EndpointRole.SOURCE, config.pool(), false,
                breakers.handle(config.source().name()));
        List<EndpointRuntime> replicas = new ArrayList<>();
        Monitoring.Lag lagWiring;
        HeartbeatWriter writer;
        try {
            for (EndpointConfig r : config.replicas()) {
                replicas.add(PoolFactory.create(r, EndpointRole.REPLICA, config.pool(), config.replicaPoolsReadOnly(),
                        breakers.handle(r.name())));
            }
            lagWiring = Monitoring.lag(config, new LagListener() {
                @Override
                public void onSample(ReplicaLag state, LagSample sample) {
                    appliedSeen(state.endpoint(), sample);
                    lagSeen(state);
                }

                @Override
                public void onProbeFailure(ReplicaLag state, SQLException error) {
                    lagSeen(state);
                }

                @Override
                public void onEligibilityChange(ReplicaLag state) {
                    listeners.lagEligibility(state);
                }
            });
            writer = Monitoring.heartbeatWriter(config);
        } catch (RuntimeException e) {
            source.closePool();
            replicas.forEach(EndpointRuntime::closePool);
            throw e;
        }
        PoolFactory.warnAboutTimeouts(config);
        this.heartbeatWriter = writer;
        this.lag = lagWiring;
        LagMonitor monitor = lagWiring == null ? null : lagWiring.monitor();
        this.runtime = new RoutingRuntime(config, Topology.initial(source, replicas), listeners, breakers, monitor);
        this.router = new Router(runtime);
        if (writer != null) {
            writer.start();
        }
        if (monitor != null) {
            monitor.start();
        }
        if (config.discovery().enabled()) {
            probe = new TopologyProbe(config.discovery(), config.source(), Monitoring.probeTimeoutMillis(config.lag()),
                    this::knownServers, () -> runtime.topology().source().name(), this::follow);
            runtime.sourceWatch().onRefusal(probe::probeSoon);
            probe.start();
        } else {
            probe = null;
        }
    }

    public Router router() {
        return router;
    }

    /**
     * What a lag sample or probe failure means for routing: the replica's lag verdict, published when
     * it flips. Decided on the monitor's latest snapshot, not on the state the callback carries:
     * callbacks of two probe runs may arrive out of order, the snapshot only moves forward.
     * A probe that found the replica silent or unreachable makes it unresponsive at once, and the
     * reads waiting on it that may move (first statements, token checks) are aborted so they move
     * now rather than after the driver's socket timeout ({@link EndpointRuntime#abortMovableWork});
     * a probe that gets an answer again starts its re-admission ({@link #readmit}).
     */
    private void lagSeen(ReplicaLag state) {
        String name = state.endpoint();
        listeners.lagSample(state);
        EndpointRuntime answersAgain = null;
        EndpointRuntime silent = null;
        synchronized (this) {
            ReplicaLag latest = runtime.lagSnapshot().get(name);
            EndpointRuntime rt = runtime.topology().runtime(name);
            if (latest == null || rt == null) {
                return;
            }
            rt.lagMeasured(latest.lag() == null ? -1 : latest.lag().toNanos());
            boolean ok = lagGate.passes(latest);
            changeFacts(name, f -> {
                EndpointFacts next = f.lagOk() == ok ? f : f.withLag(ok, ok ? "" : lagReason(latest));
                return latest.unresponsive() && next.responsive() ? next.withResponsive(false, unresponsiveReason(latest)) : next;
            });
            if (!latest.unresponsive() && !runtime.topology().member(name).facts().responsive()) {
                answersAgain = rt;
            }
            if (latest.unresponsive()) {
                silent = rt;
            }
        }
        if (answersAgain != null) {
            readmit(answersAgain);
        }
        if (silent != null) {
            // published out first, so no new read goes there; then the reads waiting on it move now
            int aborted = silent.abortMovableWork();
            if (aborted > 0) {
                LOG.info("endpoint '{}' is unresponsive: {} read(s) waiting on it cut short to move elsewhere", name, aborted);
            }
        }
    }

    private String unresponsiveReason(ReplicaLag r) {
        return "no answer to the lag probe within " + io.cqrs.routing.LagConfig.KEY_PROBE_TIMEOUT_MS + "="
                + config.lag().probeTimeout().toMillis() + " (" + r.lastError() + ")";
    }

    /**
     * An unresponsive replica answers its probe again: its pool is warmed in the background, then an
     * open breaker goes half-open and the replica is published responsive — in that order, so the
     * first reads, the breaker's trials among them, find a pool that gives connections. If it went
     * silent again meanwhile, or the warm-up failed, it stays out and the next answer tries again.
     */
    private void readmit(EndpointRuntime rt) {
        String name = rt.name();
        readmission.warm(rt, () -> {
            synchronized (this) {
                ReplicaLag latest = runtime.lagSnapshot().get(name);
                if (closed || latest == null || latest.unresponsive() || runtime.topology().runtime(name) != rt) {
                    return;
                }
                rt.breaker().readmitted();
                changeFacts(name, f -> f.withResponsive(true, ""));
            }
        }, e -> LOG.info("endpoint '{}' answers its probe again but its pool gave no connection yet ({}); retrying on the next probe",
                name, e.getMessage()));
    }

    /**
     * The GTIDs a probe saw applied on a replica become "known applied" there: a token they contain is
     * served without a round trip. (A replica only ever gains GTIDs, so an older sample stays true.)
     */
    private void appliedSeen(String name, LagSample sample) {
        GtidSet applied = sample.applied();
        RoutingRuntime r = runtime;
        if (applied == null || applied.isEmpty() || r == null) {
            return;
        }
        EndpointRuntime rt = r.topology().runtime(name);
        if (rt != null) {
            rt.learnApplied(ConsistencyToken.of(applied.flavor(), applied.toString()));
        }
    }

    private String lagReason(ReplicaLag r) {
        if (r.lag() != null && !r.replicationStopped()) {
            return "lag " + r.lag().toMillis() + "ms > " + io.cqrs.routing.LagConfig.KEY_MAX_LAG_MS + "="
                    + config.lag().maxLag().toMillis() + " (when excluded; back at or below "
                    + config.lag().resumeLag().toMillis() + "ms)";
        }
        return LagGate.describe(r);
    }

    /** A breaker changed state: its verdict, published. */
    private void breakerTransition(String endpoint, CircuitBreaker.State from, CircuitBreaker.State to) {
        String detail = switch (to) {
            case OPEN, FORCED_OPEN -> "circuit breaker " + to + " (retried after " + BreakerConfig.KEY_WAIT_IN_OPEN_MS + "="
                    + config.breaker().waitDurationInOpenState().toMillis() + "ms)";
            case HALF_OPEN -> "circuit breaker HALF_OPEN: trial borrows decide";
            default -> "";
        };
        RoutingRuntime r = runtime;
        if (r != null) { // null only while the constructor runs, when no borrow has happened yet
            changeFacts(endpoint, f -> f.withBreaker(to, detail));
        }
        listeners.breaker(endpoint, from, to);
    }

    private synchronized void changeFacts(String name, UnaryOperator<EndpointFacts> change) {
        Topology t = runtime.topology();
        Topology next = t.withFacts(name, change);
        if (next != t) {
            Topology.Member m = next.member(name);
            publish(next, "endpoint '" + name + "' is " + (m.state().eligible() ? "eligible" : m.state().verdict()
                    + " (" + m.state().ineligibleReason() + ")"));
        }
    }

    public void addListener(RoutingListener l) {
        listeners.add(l);
    }

    public void removeListener(RoutingListener l) {
        listeners.remove(l);
    }

    public LagMonitor lagMonitor() {
        return runtime.lag();
    }

    public EndpointBreakers breakers() {
        return breakers;
    }

    public SpillLimiter spill() {
        return runtime.spill();
    }

    public ConsistencySession threadSession() {
        return runtime.tokens().threadSession();
    }

    /** The session captures on this thread go to now (a scope's, else the thread's). */
    public ConsistencySession currentSession() {
        return runtime.tokens().session();
    }

    /** The breaker state of every endpoint, source first. */
    public Map<String, CircuitBreaker.State> breakerStates() {
        Map<String, CircuitBreaker.State> m = new LinkedHashMap<>();
        Topology t = runtime.topology();
        m.put(t.source().name(), t.source().breaker().state());
        for (Topology.Member r : t.replicas()) {
            m.put(r.runtime().name(), r.runtime().breaker().state());
        }
        return m;
    }

    public TopologySnapshot snapshot() {
        return runtime.topology().snapshot();
    }

    public Optional<HikariPoolMXBean> poolMXBean(String name) {
        EndpointRuntime rt = runtime.topology().runtime(name);
        return rt == null ? Optional.empty() : Optional.ofNullable(rt.poolMXBean());
    }

    public synchronized void addReplica(EndpointConfig replica) {
        checkOpen();
        Topology t = runtime.topology();
        EndpointConfig resolved = RoutingConfig.inheritCredentials(replica, config.source());
        ConfigValidation.validateEndpoint(EndpointConfig.replicaPrefix(t.replicas().size()), resolved, true);
        if (t.member(resolved.name()) != null) {
            throw new IllegalArgumentException("endpoint name '" + resolved.name() + "' is already in use;"
                    + " remove that replica first or choose another name");
        }
        publish(t.withReplica(newReplica(resolved), replicaFacts(resolved.name(), EndpointStatus.ACTIVE)),
                "added replica '" + resolved.name() + "'");
        monitorLag(resolved);
    }

    private EndpointRuntime newReplica(EndpointConfig c) {
        return PoolFactory.create(c, EndpointRole.REPLICA, config.pool(), config.replicaPoolsReadOnly(), breakers.handle(c.name()));
    }

    /** The first facts of a replica added at run time: as a configured one's (unmeasured) when the lag monitor runs. */
    private EndpointFacts replicaFacts(String name, EndpointStatus status) {
        EndpointFacts facts = lag == null ? EndpointFacts.INITIAL.withLag(true, "not monitored (lag monitoring is off)")
                : EndpointFacts.INITIAL;
        CircuitBreaker.State s = breakers.handle(name).state();
        if (s != CircuitBreaker.State.CLOSED) {
            facts = facts.withBreaker(s, "circuit breaker " + s);
        }
        return facts.withStatus(status);
    }

    private void monitorLag(EndpointConfig replica) {
        if (lag != null) {
            lag.add(replica);
        }
    }

    public synchronized void removeReplica(String name) {
        checkOpen();
        Topology t = runtime.topology();
        EndpointRuntime rt = replica(t, name);
        publish(t.withoutReplica(name), "removed replica '" + name + "' (" + rt.inFlight() + " connection(s) still in use)");
        rt.retire();
        drainedByDiscovery.remove(name);
        if (lag != null) {
            lag.remove(name);
        }
    }

    public synchronized void setStatus(String name, EndpointStatus status) {
        checkOpen();
        replica(runtime.topology(), name);
        drainedByDiscovery.remove(name); // a person decided: discovery leaves it alone
        changeFacts(name, f -> f.withStatus(status));
    }

    // ---- discovery: roles from the servers ------------------------------------------------------

    /** Every endpoint of the topology, source first: the servers discovery asks. */
    private List<TopologyProbe.Known> knownServers() {
        Topology t = runtime.topology();
        List<TopologyProbe.Known> k = new ArrayList<>();
        k.add(new TopologyProbe.Known(t.source().name(), t.source().config()));
        for (Topology.Member m : t.replicas()) {
            k.add(new TopologyProbe.Known(m.runtime().name(), m.runtime().config()));
        }
        return k;
    }

    /**
     * Makes the topology what discovery found: another source when it says so; replicas it found
     * added (pool, breaker, lag monitoring); replicas no longer in the source's list drained, and
     * active again when they return. Replicas a person drained stay drained.
     */
    synchronized void follow(RoleDecision.Desired d) {
        if (closed) {
            return;
        }
        if (!d.sourceName().equals(runtime.topology().source().name())) {
            swapSource(d.sourceName(), d.replicas() == null ? Set.of() : d.replicas().keySet());
        }
        if (d.replicas() != null) {
            Topology t = runtime.topology();
            for (Map.Entry<String, EndpointConfig> e : d.replicas().entrySet()) {
                Topology.Member m = t.member(e.getKey());
                if (m == null) {
                    EndpointConfig c = RoutingConfig.inheritCredentials(e.getValue(), config.source());
                    publish(runtime.topology().withReplica(newReplica(c), replicaFacts(c.name(), EndpointStatus.ACTIVE)),
                            "discovery: added replica '" + c.name() + "' (in the source's replica list)");
                    monitorLag(c);
                } else if (drainedByDiscovery.remove(e.getKey())) {
                    changeFacts(e.getKey(), f -> f.withStatus(EndpointStatus.ACTIVE));
                }
            }
            for (Topology.Member m : t.replicas()) {
                String name = m.runtime().name();
                if (!d.replicas().containsKey(name) && m.facts().status() == EndpointStatus.ACTIVE) {
                    drainedByDiscovery.add(name);
                    changeFacts(name, f -> f.withStatus(EndpointStatus.DRAINING));
                }
            }
        }
        Topology t = runtime.topology();
        Topology noted = t.withNote(d.note());
        if (noted != t) {
            runtime.publish(noted);
            LOG.info("topology v{}: discovery: {}", noted.version(), d.note());
        }
    }

    /**
     * The source is now {@code name} (a replica until now): a new source pool for it, the old source
     * a replica (drained until it appears in the new source's replica list), both old run-time
     * objects retired (their pools close when their borrowed connections return). GTIDs do not
     * change with roles, so tokens stay valid; what each endpoint is known to have applied starts
     * afresh with its new run-time object.
     */
    private void swapSource(String name, Set<String> replicasOfNew) {
        Topology t = runtime.topology();
        Topology.Member next = t.member(name);
        if (next == null) {
            LOG.warn("discovery named '{}' as the source, but it is not in the topology", name);
            return;
        }
        EndpointRuntime oldSource = t.source();
        EndpointRuntime newSource = PoolFactory.create(next.runtime().config(), EndpointRole.SOURCE, config.pool(), false,
                breakers.handle(name));
        EndpointRuntime oldAsReplica = newReplica(oldSource.config());
        boolean follows = replicasOfNew.contains(oldSource.name());
        if (!follows) {
            drainedByDiscovery.add(oldSource.name());
        }
        List<Topology.Member> replicas = new ArrayList<>();
        for (Topology.Member m : t.replicas()) {
            if (!m.runtime().name().equals(name)) {
                replicas.add(m);
            }
        }
        replicas.add(Topology.Member.of(oldAsReplica,
                replicaFacts(oldSource.name(), follows ? EndpointStatus.ACTIVE : EndpointStatus.DRAINING)));
        CircuitBreaker.State s = newSource.breaker().state();
        EndpointFacts facts = s == CircuitBreaker.State.CLOSED ? EndpointFacts.INITIAL
                : EndpointFacts.INITIAL.withBreaker(s, "circuit breaker " + s);
        publish(t.withSource(newSource, facts, replicas), "discovery: source is now '" + name + "' (was '" + oldSource.name()
                + "', now a replica" + (follows ? ")" : ", drained until it replicates from '" + name + "')"));
        next.runtime().retire();
        oldSource.retire();
        drainedByDiscovery.remove(name);
        if (lag != null) {
            lag.remove(name);
            lag.sourceIs(newSource.config());
            lag.add(oldSource.config());
        }
        if (heartbeatWriter != null) {
            LOG.warn("the heartbeat writer keeps writing to '{}' (the configured source); heartbeat lag is not followed"
                    + " across a change of source", config.source().name());
        }
    }

    public synchronized void updateHealth(String name, EndpointHealth health) {
        checkOpen();
        replica(runtime.topology(), name);
        changeFacts(name, f -> f.withVeto(health));
    }

    private static EndpointRuntime replica(Topology t, String name) {
        for (Topology.Member m : t.replicas()) {
            if (m.runtime().name().equals(name)) {
                return m.runtime();
            }
        }
        List<String> names = t.replicas().stream().map(m -> m.runtime().name()).toList();
        throw new IllegalArgumentException("no replica named '" + name + "'; replicas are " + names);
    }

    private void publish(Topology next, String what) {
        runtime.publish(next);
        LOG.info("topology v{}: {}", next.version(), what);
        listeners.topology(next.snapshot());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the RoutingDataSource is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes every pool (HikariCP aborts connections still in use). */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (probe != null) {
            probe.close();
        }
        readmission.close();
        LagMonitor m = runtime.lag();
        if (m != null) {
            m.close();
        }
        if (heartbeatWriter != null) {
            heartbeatWriter.close();
        }
        Topology t = runtime.topology();
        for (Topology.Member r : t.replicas()) {
            r.runtime().closePool();
        }
        t.source().closePool();
    }
}
