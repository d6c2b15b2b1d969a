package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.ConsistencySession;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        LagMonitor monitor;
        HeartbeatWriter writer;
        try {
            for (EndpointConfig r : config.replicas()) {
                replicas.add(PoolFactory.create(r, EndpointRole.REPLICA, config.pool(), config.replicaPoolsReadOnly(),
                        breakers.handle(r.name())));
            }
            monitor = Monitoring.lagMonitor(config, new LagListener() {
                @Override
                public void onSample(ReplicaLag state, LagSample sample) {
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
        this.runtime = new RoutingRuntime(config, Topology.initial(source, replicas), listeners, breakers, monitor);
        this.router = new Router(runtime);
        if (writer != null) {
            writer.start();
        }
        if (monitor != null) {
            monitor.start();
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
        EndpointRuntime rt = PoolFactory.create(resolved, EndpointRole.REPLICA, config.pool(), config.replicaPoolsReadOnly(),
                breakers.handle(resolved.name()));
        CircuitBreaker.State s = rt.breaker().state();
        EndpointFacts facts = EndpointFacts.INITIAL.withLag(true, "not monitored (added at run time)");
        if (s != CircuitBreaker.State.CLOSED) {
            facts = facts.withBreaker(s, "circuit breaker " + s);
        }
        publish(t.withReplica(rt, facts), "added replica '" + resolved.name() + "'");
    }

    public synchronized void removeReplica(String name) {
        checkOpen();
        Topology t = runtime.topology();
        EndpointRuntime rt = replica(t, name);
        publish(t.withoutReplica(name), "removed replica '" + name + "' (" + rt.inFlight() + " connection(s) still in use)");
        rt.retire();
    }

    public synchronized void setStatus(String name, EndpointStatus status) {
        checkOpen();
        replica(runtime.topology(), name);
        changeFacts(name, f -> f.withStatus(status));
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
