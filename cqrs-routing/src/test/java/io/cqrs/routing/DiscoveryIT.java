package io.cqrs.routing;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.switchover.Failover;
import io.cqrs.admin.switchover.SourceChangeOptions;
import io.cqrs.admin.switchover.SourceChangeResult;
import io.cqrs.admin.switchover.Switchover;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.SandboxTools;
import io.cqrs.sandbox.junit.SandboxTest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.cqrs.routing.ItSupport.await;
import static io.cqrs.routing.ItSupport.exec;
import static io.cqrs.routing.ItSupport.read;
import static io.cqrs.routing.ItSupport.serverId;
import static io.cqrs.routing.ItSupport.unchecked;
import static io.cqrs.sandbox.SandboxTools.count;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles from the servers ({@code cqrs.discovery.*}) against a real source and two replicas of
 * each flavour: replicas that join and leave, a planned switchover under a write +
 * read-your-writes load, an unplanned failover after SIGKILL of the source.
 */
class DiscoveryIT {

    static final Duration DISCOVERY_INTERVAL = Duration.ofMillis(200);
    static final SourceChangeOptions CHANGE = SourceChangeOptions.defaults().timeout(Duration.ofSeconds(30));

    static final String APP_USER = "disc_app";
    static final String APP_PASSWORD = "disc-app-pw";

    /**
     * The application's account, created on the source (it replicates): it writes and reads the
     * test table and may ask servers their role. Not root: read_only does not stop a MariaDB account
     * with READ_ONLY ADMIN (root has it), so only an ordinary account sees the source refuse writes
     * during a switchover, as applications do.
     */
    private static void appUser(Sandbox sandbox) throws Exception {
        boolean maria = sandbox.flavor() == io.cqrs.common.ServerFlavor.MARIADB;
        String monitor = maria ? "REPLICATION CLIENT, REPLICATION SLAVE, SLAVE MONITOR, REPLICATION MASTER ADMIN"
                : "REPLICATION CLIENT, REPLICATION SLAVE";
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE IF NOT EXISTS disc_it",
                "CREATE TABLE IF NOT EXISTS disc_it.t (id INT PRIMARY KEY, v INT)"));
        for (String host : List.of("127.0.0.1", "localhost")) {
            String user = "'" + APP_USER + "'@'" + host + "'";
            sql.add("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY '" + APP_PASSWORD + "'");
            sql.add("GRANT SELECT, INSERT ON disc_it.* TO " + user);
            sql.add("GRANT " + monitor + " ON *.* TO " + user);
        }
        SandboxTools.exec(sandbox.source(), sql.toArray(String[]::new));
        sandbox.sync(Duration.ofSeconds(30));
    }

    /** A router over the source and the given replicas (named replica-N by sandbox index), discovery on. */
    private static RoutingDataSource router(Sandbox sandbox, Recorder rec, int... replicaIndexes) {
        return router(sandbox, rec, Duration.ofSeconds(10), replicaIndexes);
    }

    private static RoutingDataSource router(Sandbox sandbox, Recorder rec, Duration writeWait, int... replicaIndexes) {
        SandboxServer source = sandbox.source();
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(source.jdbcUrl() + "&socketTimeout=5000")
                        .username(APP_USER).password(APP_PASSWORD).build())
                .maximumPoolSize(8).minimumIdle(1)
                .connectionTimeout(Duration.ofMillis(1000))
                .lag(LagConfig.custom().interval(ItSupport.PROBE_INTERVAL).maxLag(ItSupport.MAX_LAG).build())
                .discovery(DiscoveryConfig.custom().enabled(true).interval(DISCOVERY_INTERVAL).writeWait(writeWait).build())
                .listener(rec);
        for (int i : replicaIndexes) {
            b.replica(EndpointConfig.builder("replica-" + (i + 1))
                    .jdbcUrl(sandbox.replica(i).jdbcUrl() + "&socketTimeout=5000").build());
        }
        return new RoutingDataSource(b.build());
    }

    private static long rows(SandboxServer s) {
        try {
            return count(s, "SELECT COUNT(*) FROM disc_it.t");
        } catch (Exception e) {
            return -1;
        }
    }

    private static Optional<EndpointState> replicaOnPort(RoutingDataSource ds, int port) {
        return ds.topology().replicas().stream().filter(r -> r.config().jdbcUrl().contains(":" + port + "/")).findFirst();
    }

    @SandboxTest(replicas = 2, isolated = true)
    void replicaThatStartsReplicating_getsReadsAndIsLagMonitored_oneThatStops_getsNoReads(Sandbox sandbox) throws Exception {
        appUser(sandbox);
        SandboxServer late = sandbox.replica(1);
        SandboxTools.exec(late, sandbox.dialect().stopReplica());
        try (RoutingDataSource ds = router(sandbox, new Recorder(), 0)) {
            await("discovery ran a round", Duration.ofSeconds(10), () -> !ds.topology().discovery().isEmpty());
            assertThat(ds.topology().replicas()).extracting(EndpointState::name).containsExactly("replica-1");

            SandboxTools.exec(late, sandbox.dialect().startReplica());
            await("the replica that started replicating is in the topology", Duration.ofSeconds(10),
                    () -> replicaOnPort(ds, late.port()).isPresent());
            String name = replicaOnPort(ds, late.port()).orElseThrow().name();
            assertThat(name).isEqualTo("127.0.0.1:" + late.port());
            await("it is lag-monitored", Duration.ofSeconds(10),
                    () -> ds.lagSnapshot().orElseThrow().replicas().containsKey(name)
                            && ds.lagSnapshot().orElseThrow().get(name).sampledAt() != null);
            await("it takes reads", Duration.ofSeconds(10), () -> unchecked(() -> read(ds)) == late.serverId());

            SandboxTools.exec(late, sandbox.dialect().stopReplica());
            await("it is drained once it left the source's replica list", Duration.ofSeconds(10),
                    () -> replicaOnPort(ds, late.port()).orElseThrow().status() == EndpointStatus.DRAINING);
            for (int i = 0; i < 30; i++) {
                assertThat(read(ds)).as("read %d after it stopped replicating", i).isNotEqualTo(late.serverId());
            }
            assertThat(ds.topology().source().name()).isEqualTo("source");
        }
    }

    /** One writer: writes its own rows, then reads each back with its token; counts every failure. */
    private static final class Writer implements Runnable {
        final RoutingDataSource ds;
        final int id;
        final AtomicBoolean stop;
        final List<Integer> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<String> failures;
        final AtomicLong maxWriteNanos;
        volatile long rywMisses;

        Writer(RoutingDataSource ds, int id, AtomicBoolean stop, ConcurrentLinkedQueue<String> failures, AtomicLong maxWriteNanos) {
            this.ds = ds;
            this.id = id;
            this.stop = stop;
            this.failures = failures;
            this.maxWriteNanos = maxWriteNanos;
        }

        @Override
        public void run() {
            int seq = 0;
            while (!stop.get()) {
                int key = id * 1_000_000 + seq++;
                long t0 = System.nanoTime();
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO disc_it.t (id, v) VALUES (?, ?)")) {
                    ps.setInt(1, key);
                    ps.setInt(2, id);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    failures.add("write " + key + ": " + e);
                    continue;
                }
                maxWriteNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                acked.add(key);
                ConsistencyToken token = ds.currentToken().orElse(null);
                if (token == null) {
                    failures.add("no token after write " + key);
                    continue;
                }
                try (Connection c = ds.getConnection(token); PreparedStatement ps = c.prepareStatement("SELECT v FROM disc_it.t WHERE id = ?")) {
                    ps.setInt(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            rywMisses++;
                        }
                    }
                } catch (SQLException e) {
                    failures.add("read " + key + ": " + e);
                }
            }
        }
    }

    @SandboxTest(replicas = 2, isolated = true)
    void plannedSwitchover_underWriteAndReadYourWritesLoad_losesNothing_failsNothing_andWritesFollowTheNewSource(Sandbox sandbox)
            throws Exception {
        appUser(sandbox);
        SandboxServer candidate = sandbox.replica(1);
        try (RoutingDataSource ds = router(sandbox, new Recorder(), 0, 1)) {
            await("both replicas take reads", Duration.ofSeconds(10), () -> ds.topology().eligibleReplicas().size() == 2);
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong maxWrite = new AtomicLong();
            List<Writer> writers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                Writer w = new Writer(ds, i, stop, failures, maxWrite);
                writers.add(w);
                running.add(pool.submit(w));
            }
            SourceChangeResult change;
            long sourceFollowedNanos;
            try {
                await("the load runs", Duration.ofSeconds(10), () -> writers.stream().allMatch(w -> w.acked.size() > 20));
                long before = maxWrite.getAndSet(0);
                ServerEndpoint src = endpoint(sandbox.source());
                change = Switchover.run(src, List.of(endpoint(sandbox.replica(0)), endpoint(candidate)), endpoint(candidate),
                        sandbox.replicationSource(), CHANGE);
                long done = System.nanoTime();
                await("writes follow the new source", DISCOVERY_INTERVAL.multipliedBy(2).plusSeconds(1),
                        () -> ds.topology().source().name().equals("replica-2"));
                sourceFollowedNanos = System.nanoTime() - done;
                int[] at = writers.stream().mapToInt(w -> w.acked.size()).toArray();
                await("writes go on after the switchover", Duration.ofSeconds(10), () -> {
                    for (int i = 0; i < at.length; i++) {
                        if (writers.get(i).acked.size() < at[i] + 20) {
                            return false;
                        }
                    }
                    return true;
                });
                System.out.printf("[discovery] %s switchover: write pause measured by the application (max write time) %d ms"
                                + " (before the switchover: %d ms; switchover's own read-only window %d ms); source followed %d ms"
                                + " after the switchover returned%n", sandbox.flavor(), TimeUnit.NANOSECONDS.toMillis(maxWrite.get()),
                        TimeUnit.NANOSECONDS.toMillis(before), change.writePause().toMillis(),
                        TimeUnit.NANOSECONDS.toMillis(sourceFollowedNanos));
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<?> f : running) {
                f.get();
            }
            assertThat(failures).as("failed writes and reads at the application").isEmpty();
            assertThat(writers.stream().mapToLong(w -> w.rywMisses).sum()).as("read-your-writes misses").isZero();
            long acked = writers.stream().mapToLong(w -> w.acked.size()).sum();
            assertThat(count(candidate, "SELECT COUNT(*) FROM disc_it.t")).as("every acknowledged write is on the new source")
                    .isEqualTo(acked);
            try (Connection c = ds.getConnection()) {
                assertThat(serverId(c)).as("a write connection lands on the new source").isEqualTo(candidate.serverId());
            }
            assertThat(sourceFollowedNanos).isLessThanOrEqualTo(DISCOVERY_INTERVAL.multipliedBy(2).toNanos());
            assertThat(maxWrite.get()).as("writes waited a bounded time").isLessThan(Duration.ofSeconds(10).toNanos());
            await("the old source takes reads as a replica", Duration.ofSeconds(15),
                    () -> ds.topology().endpoint("source").map(EndpointState::eligible).orElse(false)
                            && ds.topology().endpoint("source").get().role() == EndpointRole.REPLICA);
        }
    }

    @SandboxTest(replicas = 2, isolated = true)
    void unplannedFailover_afterSigkillOfTheSource_writesGoToThePromotedReplicaWithoutARestart(Sandbox sandbox) throws Exception {
        appUser(sandbox);
        try (RoutingDataSource ds = router(sandbox, new Recorder(), 0, 1)) {
            try (Connection c = ds.getConnection()) {
                exec(c, "INSERT INTO disc_it.t VALUES (1, 1)");
            }
            sandbox.sync(Duration.ofSeconds(30));
            ServerEndpoint src = endpoint(sandbox.source());
            sandbox.source().kill();

            SourceChangeResult r = Failover.run(src, List.of(endpoint(sandbox.replica(0)), endpoint(sandbox.replica(1))), null,
                    sandbox.replicationSource(), CHANGE);
            SandboxServer promoted = r.newSource().equals(endpoint(sandbox.replica(0)).address()) ? sandbox.replica(0) : sandbox.replica(1);
            SandboxServer other = promoted == sandbox.replica(0) ? sandbox.replica(1) : sandbox.replica(0);
            String promotedName = promoted == sandbox.replica(0) ? "replica-1" : "replica-2";
            await("the router follows the promoted replica", DISCOVERY_INTERVAL.multipliedBy(2).plusSeconds(2),
                    () -> ds.topology().source().name().equals(promotedName));

            try (Connection c = ds.getConnection()) {
                exec(c, "INSERT INTO disc_it.t VALUES (2, 2)");
                assertThat(serverId(c)).as("the write went to the promoted replica").isEqualTo(promoted.serverId());
            }
            assertThat(count(promoted, "SELECT COUNT(*) FROM disc_it.t")).isEqualTo(2);
            await("the other replica follows the promoted one and takes reads", Duration.ofSeconds(15),
                    () -> ds.topology().eligibleReplicas().stream().anyMatch(e -> e.config().jdbcUrl().contains(":" + other.port() + "/")));
            await("it has the write", Duration.ofSeconds(15), () -> rows(other) == 2);
            assertThat(ds.topology().endpoint("source").orElseThrow().status()).as("the dead source is drained")
                    .isEqualTo(EndpointStatus.DRAINING);
            assertThat(ds.topology().discovery()).contains("source '" + promotedName + "'");
        }
    }

    @SandboxTest(isolated = true)
    void writeRefusedAsReadOnly_afterOtherWorkOrWithNoNewSource_failsWithTheServersRefusal_andSaysWhatItWaitedFor(Sandbox sandbox)
            throws Exception {
        appUser(sandbox);
        Duration wait = Duration.ofMillis(1000);
        try (RoutingDataSource ds = router(sandbox, new Recorder(), wait, 0)) {
            await("discovery ran a round", Duration.ofSeconds(10), () -> !ds.topology().discovery().isEmpty());
            SandboxTools.exec(sandbox.source(), sandbox.dialect().setReadOnly(true));

            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                exec(c, "SELECT COUNT(*) FROM disc_it.t");
                long t0 = System.nanoTime();
                SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> exec(c, "INSERT INTO disc_it.t VALUES (1, 1)"), SQLException.class);
                assertThat(e.getErrorCode()).as("the server's refusal, not moved: the transaction already ran a statement")
                        .isEqualTo(1290);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no wait for a new source").isLessThan(wait);
                c.rollback();
            }
            try (Connection c = ds.getConnection()) {
                long t0 = System.nanoTime();
                SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> exec(c, "INSERT INTO disc_it.t VALUES (2, 2)"), SQLException.class);
                assertThat(e.getErrorCode()).isEqualTo(1290);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("waited for a new source").isGreaterThanOrEqualTo(wait);
                assertThat(e.getSuppressed()).hasSize(1);
                assertThat(e.getSuppressed()[0]).hasMessage("source 'source' refused the write as read-only and discovery found"
                        + " no other source within cqrs.discovery.write-wait-ms=1000; see RoutingDataSource.topology().discovery() for why");
            }
            assertThat(ds.topology().discovery()).startsWith("no server takes writes and replicates from nobody; keeping source 'source'");
            assertThat(count(sandbox.source(), "SELECT COUNT(*) FROM disc_it.t")).as("nothing was written").isZero();
        }
    }

    /** Not discovery, its foundation: a replica added through the API is lag-monitored like a configured one. */
    @SandboxTest
    void replicaAddedWithAddReplica_isLagMonitored_andTakesReads_andRemovedOneLeavesTheMonitor(Sandbox sandbox) throws Exception {
        SandboxServer source = sandbox.source();
        SandboxServer replica = sandbox.replica(0);
        RoutingConfig config = RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(source.jdbcUrl() + "&socketTimeout=5000")
                        .username(source.user()).password(source.password()).build())
                .maximumPoolSize(2).minimumIdle(1)
                .lag(LagConfig.custom().interval(ItSupport.PROBE_INTERVAL).maxLag(ItSupport.MAX_LAG).build())
                .build();
        try (RoutingDataSource ds = new RoutingDataSource(config)) {
            assertThat(ds.lagSnapshot().orElseThrow().replicas()).isEmpty();
            ds.addReplica(EndpointConfig.builder("late").jdbcUrl(replica.jdbcUrl() + "&socketTimeout=5000").build());
            await("the added replica has a lag sample", Duration.ofSeconds(10),
                    () -> ds.lagSnapshot().orElseThrow().get("late") != null && ds.lagSnapshot().orElseThrow().get("late").sampledAt() != null);
            assertThat(ds.lagSnapshot().orElseThrow().isEligible("late")).isTrue();
            assertThat(read(ds)).isEqualTo(replica.serverId());
            try (Connection c = ds.getConnection(ConsistencyLevel.BOUNDED_STALENESS, Duration.ofSeconds(5))) {
                assertThat(serverId(c)).as("a bounded-staleness read can use it: its lag is measured").isEqualTo(replica.serverId());
            }

            ds.removeReplica("late");
            assertThat(ds.lagSnapshot().orElseThrow().replicas()).isEmpty();
            assertThat(read(ds)).isEqualTo(source.serverId());
        }
    }
}
