package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.TopologySnapshot;
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
    private long version;
    private boolean closed;

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
        this.router = new Router(config, Topology.of(0, Topology.initialState(source), source, states, replicas));
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

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes every pool (HikariCP aborts connections still in use). */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Topology t = router.topology.get();
        for (EndpointRuntime r : t.replicas()) {
            r.closePool();
        }
        t.source().closePool();
    }
}
