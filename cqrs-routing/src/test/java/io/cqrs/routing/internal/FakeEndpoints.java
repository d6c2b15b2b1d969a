package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyConfig;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.FallbackConfig;
import io.cqrs.routing.LagConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.health.EndpointBreakers;
import io.cqrs.routing.testing.FakeJdbc;
import io.cqrs.routing.testing.MutableClock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Router} over in-memory endpoints: each "pool" hands out {@link FakeJdbc} connections or
 * refuses, on demand. No driver, no HikariCP, no threads: the routing rules alone.
 */
final class FakeEndpoints {

    /** A pool that hands out fake connections answering with {@code jdbc}'s responder, or refuses; counts what is out. */
    static final class FakePool implements EndpointPool {
        final FakeJdbc jdbc = new FakeJdbc((sql, params) -> FakeJdbc.Result.NONE);
        final AtomicInteger active = new AtomicInteger();
        volatile boolean down;
        int borrows;
        /** What {@link #statementsOnDriver()} answers (HikariCP's pools: true unless an exception override is set). */
        private final boolean statementsOnDriver;

        FakePool() {
            this(false);
        }

        FakePool(boolean statementsOnDriver) {
            this.statementsOnDriver = statementsOnDriver;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("Connection refused", "08001");
            }
            borrows++;
            active.incrementAndGet();
            Connection c = jdbc.connection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, m, args) -> {
                        if (m.getName().equals("close")) {
                            active.decrementAndGet();
                            return null;
                        }
                        try {
                            return m.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public int active() {
            return active.get();
        }

        @Override
        public void evictIdle() {
        }

        @Override
        public com.zaxxer.hikari.HikariPoolMXBean mxBean() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public boolean statementsOnDriver() {
            return statementsOnDriver;
        }
    }

    final MutableClock clock = new MutableClock();
    final List<String> events = new CopyOnWriteArrayList<>();
    final EndpointBreakers breakers;
    final FakePool sourcePool = new FakePool();
    final List<FakePool> replicaPools = new ArrayList<>();
    final EndpointRuntime source;
    final List<EndpointRuntime> replicas = new ArrayList<>();
    final RoutingRuntime runtime;
    final Router router;

    /** {@code replicas} fake replicas named replica-1.., defaults otherwise; {@code customize} may change the config. */
    FakeEndpoints(int replicaCount, Consumer<RoutingConfig.Builder> customize) {
        RoutingConfig.Builder b = RoutingConfig.builder().source("jdbc:fake:source", null, null)
                .lag(LagConfig.disabled()).consistency(ConsistencyConfig.disabled()).clock(clock)
                .fallback(FallbackConfig.custom().maxConcurrent(1).build())
                .listener(new RoutingListener() {
                    @Override
                    public void onRoute(RoutingDecision d) {
                        events.add("route " + d.endpoint() + " " + d.reason());
                    }

                    @Override
                    public void onExclude(RoutingDecision d) {
                        events.add("exclude " + d.endpoint() + " " + d.reason());
                    }

                    @Override
                    public void onReject(RoutingDecision d, SQLException error) {
                        events.add("reject " + d.endpoint() + " " + d.reason());
                    }
                });
        for (int i = 1; i <= replicaCount; i++) {
            b.replica("jdbc:fake:replica-" + i);
        }
        customize.accept(b);
        RoutingConfig config = b.build();
        breakers = EndpointBreakers.builder().config(config.breaker()).clock(clock).classifier(config.failureClassifier()).build();
        source = new EndpointRuntime(config.source(), EndpointRole.SOURCE, sourcePool, false, breakers.handle("source"));
        for (EndpointConfig r : config.replicas()) {
            FakePool p = new FakePool();
            replicaPools.add(p);
            replicas.add(new EndpointRuntime(r, EndpointRole.REPLICA, p, true, breakers.handle(r.name())));
        }
        runtime = new RoutingRuntime(config, Topology.initial(source, replicas), new Listeners(config.listeners()), breakers, null);
        router = new Router(runtime);
    }

    FakeEndpoints(int replicaCount) {
        this(replicaCount, b -> { });
    }

    EndpointRuntime replica(int i) {
        return replicas.get(i - 1);
    }

    FakePool replicaPool(int i) {
        return replicaPools.get(i - 1);
    }

    /** Gives a lease back, as the logical connection does. */
    void release(Lease l) throws SQLException {
        l.release(runtime.spill(), false);
    }

    /** Publishes changed facts of one endpoint, as the topology manager would. */
    void facts(String name, UnaryOperator<EndpointFacts> change) {
        runtime.publish(runtime.topology().withFacts(name, change));
    }

    /** Opens the breaker of {@code name} (on the fake clock it stays open until advanced). */
    void openBreaker(String name) {
        breakers.breaker(name).transitionToOpenState();
    }
}
