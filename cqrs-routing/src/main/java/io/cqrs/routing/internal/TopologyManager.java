package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.TopologySnapshot;
import io.cqrs.routing.health.EndpointBreakers;
import io.cqrs.routing.lag.HeartbeatWriter;
import io.cqrs.routing.lag.LagListener;
import io.cqrs.routing.lag.LagMonitor;
import io.cqrs.routing.lag.LagSample;
import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The single writer of the topology: builds pools, and publishes a new immutable {@link Topology}
 * for every change. Writers serialize on this object; readers never lock.
 */
public final class TopologyManager {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyManager.class);

    private final RoutingConfig config;
    private final Router router;
    private final Listeners listeners;
    private final HeartbeatWriter heartbeatWriter;
    private long version;
    /** Written under the lock by close(); read without it on every getConnection(). */
    private volatile boolean closed;

    public TopologyManager(RoutingConfig config) {
        this.config = config;
        EndpointRuntime source = PoolFactory.create(config.source(), EndpointRole.SOURCE, config.pool(), false);
        List<EndpointRuntime> replicas = new ArrayList<>();
        List<EndpointState> states = new ArrayList<>();
        try {
            for (EndpointConfig r : config.replicas()) {
                EndpointRuntime rt = PoolFactory.create(r, EndpointRole.REPLICA, config.pool(), config.replicaPoolsReadOnly());
                replicas.add(rt);
                states.add(Topology.initialState(rt));
            }
        } catch (RuntimeException e) {
            source.closePool();
            replicas.forEach(EndpointRuntime::closePool);
            throw e;
        }
        this.listeners = new Listeners(config.listeners());
        EndpointBreakers breakers = EndpointBreakers.builder().config(config.breaker()).clock(config.clock())
                .classifier(config.failureClassifier())
                .listener(listeners::breaker).build();
        this.router = new Router(config, Topology.of(0, Topology.initialState(source), source, states, replicas),
                listeners, breakers);
        PoolFactory.warnAboutTimeouts(config);
        LagMonitor monitor = null;
        HeartbeatWriter writer = null;
        try {
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
        this.heartbeatWriter = writer;
        router.lagMonitor = monitor;
        if (writer != null) {
            writer.start();
        }
        if (monitor != null) {
            monitor.start();
        }
    }

    private void lagSeen(ReplicaLag state) {
        EndpointRuntime rt = router.topology.get().runtime(state.endpoint());
        if (rt != null) {
            rt.lagNanos(state.lag() == null ? -1 : state.lag().toNanos());
        }
        listeners.lagSample(state);
    }

    public void addListener(RoutingListener l) {
        listeners.add(l);
    }

    public void removeListener(RoutingListener l) {
        listeners.remove(l);
    }

    public LagMonitor lagMonitor() {
        return router.lagMonitor;
    }

    public EndpointBreakers breakers() {
        return router.breakers;
    }

    public io.cqrs.routing.fallback.SpillLimiter spill() {
        return router.spill;
    }

    public io.cqrs.routing.ConsistencySession threadSession() {
        return router.tokens.threadSession();
    }

    /** The session captures on this thread go to now (a scope's, else the thread's). */
    public io.cqrs.routing.ConsistencySession currentSession() {
        return router.tokens.session();
    }

    /** The breaker state of every endpoint, source first. */
    public java.util.Map<String, CircuitBreaker.State> breakerStates() {
        java.util.Map<String, CircuitBreaker.State> m = new java.util.LinkedHashMap<>();
        Topology t = router.topology.get();
        m.put(t.source().name(), router.breakers.state(t.source().name()));
        for (EndpointRuntime r : t.replicas()) {
            m.put(r.name(), router.breakers.state(r.name()));
        }
        return m;
    }

    public Router router() {
        return router;
    }

    public TopologySnapshot snapshot() {
        return router.topology.get().snapshot();
    }

    public Optional<HikariPoolMXBean> poolMXBean(String name) {
        EndpointRuntime rt = router.topology.get().runtime(name);
        return rt == null ? Optional.empty() : Optional.ofNullable(rt.poolMXBean());
    }

    public synchronized void addReplica(EndpointConfig replica) {
        checkOpen();
        Topology t = router.topology.get();
        EndpointConfig resolved = RoutingConfig.inheritCredentials(replica, config.source());
        ConfigValidation.validateEndpoint("cqrs.replicas[" + t.replicas().size() + "]", resolved, true);
        if (t.runtime(resolved.name()) != null) {
            throw new IllegalArgumentException("endpoint name '" + resolved.name() + "' is already in use;"
                    + " remove that replica first or choose another name");
        }
        EndpointRuntime rt = PoolFactory.create(resolved, EndpointRole.REPLICA, config.pool(), config.replicaPoolsReadOnly());
        List<EndpointState> states = new ArrayList<>(t.snapshot().replicas());
        List<EndpointRuntime> runtimes = new ArrayList<>(t.replicas());
        states.add(Topology.initialState(rt));
        runtimes.add(rt);
        publish(t, states, runtimes, "added replica '" + resolved.name() + "'");
    }

    public synchronized void removeReplica(String name) {
        checkOpen();
        Topology t = router.topology.get();
        int i = replicaIndex(t, name);
        EndpointRuntime rt = t.replicas().get(i);
        List<EndpointState> states = new ArrayList<>(t.snapshot().replicas());
        List<EndpointRuntime> runtimes = new ArrayList<>(t.replicas());
        states.remove(i);
        runtimes.remove(i);
        publish(t, states, runtimes, "removed replica '" + name + "' (" + rt.inFlight() + " connection(s) still in use)");
        rt.retire();
    }

    public synchronized void setStatus(String name, EndpointStatus status) {
        checkOpen();
        Topology t = router.topology.get();
        int i = replicaIndex(t, name);
        EndpointState s = t.snapshot().replicas().get(i);
        if (s.status() == status) {
            return;
        }
        replace(t, i, new EndpointState(s.config(), s.role(), status, s.health(), s.load()),
                "replica '" + name + "' is now " + status);
    }

    public synchronized void updateHealth(String name, EndpointHealth health) {
        checkOpen();
        Topology t = router.topology.get();
        int i = replicaIndex(t, name);
        EndpointState s = t.snapshot().replicas().get(i);
        if (s.health().equals(health)) {
            return;
        }
        replace(t, i, new EndpointState(s.config(), s.role(), s.status(), health, s.load()),
                "replica '" + name + "' health: " + (health.eligible() ? "eligible" : "excluded (" + health.reason() + ")"));
    }

    private void replace(Topology t, int i, EndpointState s, String what) {
        List<EndpointState> states = new ArrayList<>(t.snapshot().replicas());
        states.set(i, s);
        publish(t, states, t.replicas(), what);
    }

    private int replicaIndex(Topology t, String name) {
        int i = t.indexOf(name);
        if (i < 0) {
            List<String> names = t.replicas().stream().map(EndpointRuntime::name).toList();
            throw new IllegalArgumentException("no replica named '" + name + "'; replicas are " + names);
        }
        return i;
    }

    private void publish(Topology t, List<EndpointState> states, List<EndpointRuntime> runtimes, String what) {
        Topology next = Topology.of(++version, t.snapshot().source(), t.source(), states, runtimes);
        router.topology.set(next);
        LOG.info("topology v{}: {}", version, what);
        router.reportTopology(next.snapshot());
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
        LagMonitor m = router.lagMonitor;
        if (m != null) {
            m.close();
        }
        if (heartbeatWriter != null) {
            heartbeatWriter.close();
        }
        Topology t = router.topology.get();
        for (EndpointRuntime r : t.replicas()) {
            r.closePool();
        }
        t.source().closePool();
    }
}
