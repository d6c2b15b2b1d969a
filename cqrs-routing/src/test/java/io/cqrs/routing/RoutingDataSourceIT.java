package io.cqrs.routing;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.routing.jdbi.RoutingJdbi;
import io.cqrs.routing.jdbi.RoutingPlugin;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router against real MySQL 8.0 and MariaDB source/replica sandboxes; endpoints told apart by @@server_id. */
class RoutingDataSourceIT {

    static RoutingDataSource router(Sandbox sandbox) {
        return router(sandbox, new Recorder());
    }

    static RoutingDataSource router(Sandbox sandbox, RoutingListener listener) {
        return router(sandbox, listener, b -> { });
    }

    static RoutingDataSource router(Sandbox sandbox, RoutingListener listener, java.util.function.Consumer<RoutingConfig.Builder> customizer) {
        SandboxServer source = sandbox.source();
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(source.jdbcUrl(), source.user(), source.password())
                .maximumPoolSize(4).minimumIdle(1)
                .connectionTimeout(Duration.ofMillis(500))
                .poolHikariProperty("dataSource.useLocalSessionState", "true")
                // this suite checks routing by the read-only flag; with session tokens on, a read right
                // after a write would (correctly) go to the source while the replica lags under load.
                // Read-your-writes has its own suite (ReadYourWritesIT).
                .consistency(ConsistencyConfig.custom().sessionTokens(false).build())
                .listener(listener);
        for (SandboxServer r : sandbox.replicas()) {
            b.replica(r.jdbcUrl());
        }
        customizer.accept(b);
        return new RoutingDataSource(b.build());
    }

    static int serverId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void schema(Sandbox sandbox) throws SQLException {
        try (Connection c = sandbox.source().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS routing_it");
            s.execute("CREATE TABLE IF NOT EXISTS routing_it.events (id BIGINT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))");
        }
        sandbox.sync(Duration.ofSeconds(30));
    }

    @SandboxTest
    void readOnly_goesToReplica_writesAndReadWriteTransactionsToSource(Sandbox sandbox) throws SQLException {
        schema(sandbox);
        int source = sandbox.source().serverId();
        int replica = sandbox.replica(0).serverId();
        Recorder rec = new Recorder(); // what the router decided and why, in the message of a failed assertion
        try (RoutingDataSource ds = router(sandbox, rec)) {
            try (Connection c = ds.getConnection()) {           // read-only set before first use
                c.setReadOnly(true);
                assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(replica);
            }
            try (Connection c = ds.getConnection()) {           // used for a write, then read-only between transactions
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO routing_it.events (note) VALUES ('auto-commit write')");
                }
                assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(source);
                c.setReadOnly(true);
                assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(replica);
            }
            try (Connection c = ds.getConnection()) {           // a read-write transaction stays on the source
                c.setAutoCommit(false);
                assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(source);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO routing_it.events (note) VALUES ('in a transaction')");
                }
                assertThatThrownBy(() -> c.setReadOnly(true)).isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25001");
                try (RoutingScope s = RoutingScope.route(Route.REPLICA)) {
                    assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(source);
                }
                c.commit();
            }
            try (Connection c = ds.getConnection()) {           // a read-only transaction stays on its replica
                c.setReadOnly(true);
                c.setAutoCommit(false);
                for (int i = 0; i < 5; i++) {
                    assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(replica);
                }
                c.commit();
            }
            try (RoutingScope s = RoutingScope.forceSource(); Connection c = ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(serverId(c)).as("%s; decisions %s", rec, rec.routed).isEqualTo(source);
            }
        }
    }

    @SandboxTest
    void jdbi_readOnlyTransactionOnReplica_writeOnSource(Sandbox sandbox) throws SQLException {
        schema(sandbox);
        try (RoutingDataSource ds = router(sandbox)) {
            Jdbi jdbi = Jdbi.create(ds).installPlugin(RoutingPlugin.create());
            int readOn = RoutingJdbi.readOnly(jdbi, h -> h.createQuery("SELECT @@server_id").mapTo(Integer.class).one());
            int readInside = jdbi.inTransaction(h -> {
                h.setReadOnly(true);
                return h.createQuery("SELECT @@server_id").mapTo(Integer.class).one();
            });
            int writeOn = jdbi.inTransaction(h -> {
                h.execute("INSERT INTO routing_it.events (note) VALUES ('jdbi')");
                return h.createQuery("SELECT @@server_id").mapTo(Integer.class).one();
            });
            assertThat(readOn).isEqualTo(sandbox.replica(0).serverId());
            assertThat(readInside).isEqualTo(sandbox.replica(0).serverId());
            assertThat(writeOn).isEqualTo(sandbox.source().serverId());
        }
    }

    @Configuration
    @EnableTransactionManagement
    static class SpringConfig {
        @Bean
        PlatformTransactionManager transactionManager(DataSource ds) {
            return new DataSourceTransactionManager(ds);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource ds) {
            return new JdbcTemplate(ds);
        }

        @Bean
        Where where(JdbcTemplate jdbc) {
            return new Where(jdbc);
        }
    }

    static class Where {
        private final JdbcTemplate jdbc;

        Where(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional(readOnly = true)
        public int readOnly() {
            return jdbc.queryForObject("SELECT @@server_id", Integer.class);
        }

        @Transactional
        public int readWrite() {
            jdbc.update("INSERT INTO routing_it.events (note) VALUES ('spring')");
            return jdbc.queryForObject("SELECT @@server_id", Integer.class);
        }
    }

    @SandboxTest
    void spring_transactionalReadOnly_goesToReplica(Sandbox sandbox) throws SQLException {
        schema(sandbox);
        try (RoutingDataSource ds = router(sandbox);
             AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext()) {
            ctx.registerBean(DataSource.class, () -> ds);
            ctx.register(SpringConfig.class);
            ctx.refresh();
            Where where = ctx.getBean(Where.class);
            for (int i = 0; i < 3; i++) {
                assertThat(where.readOnly()).isEqualTo(sandbox.replica(0).serverId());
                assertThat(where.readWrite()).isEqualTo(sandbox.source().serverId());
            }
            assertThat(ds.poolMXBean("source").orElseThrow().getActiveConnections()).isZero();
            assertThat(ds.poolMXBean("replica-1").orElseThrow().getActiveConnections()).isZero();
        }
    }

    @SandboxTest(replicas = 2)
    void roundRobin_spreadsReadsEvenly(Sandbox sandbox) throws SQLException {
        try (RoutingDataSource ds = router(sandbox)) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                try (Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    counts.merge(serverId(c), 1, Integer::sum);
                }
            }
            assertThat(counts).containsOnlyKeys(sandbox.replica(0).serverId(), sandbox.replica(1).serverId());
            assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(90, 110));
        }
    }

    @SandboxTest(replicas = 2, isolated = true)
    void replicaKilled_newReadOnlyWorkContinuesWithoutError(Sandbox sandbox) throws Exception {
        int other = sandbox.replica(1).serverId();
        int source = sandbox.source().serverId();
        Recorder rec = new Recorder();
        // no lag monitor: had its probe found the dead replica before the first read after the crash, no read would
        // have met it, and what this test is about (first-read failover) would not have happened
        try (RoutingDataSource ds = router(sandbox, rec, b -> b.lag(LagConfig.disabled()))) {
            for (int i = 0; i < 10; i++) {
                try (Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    serverId(c);
                }
            }
            // right after the crash, inside HikariCP's 500 ms window in which it hands out a recently used
            // connection without validating it: such a read fails on its first statement and moves on
            sandbox.replica(0).kill();
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(serverId(c)).isIn(other, source);
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            // a read that moved was routed twice: once to the dead replica, once where it succeeded
            assertThat(rec.routed).as("routing decisions for 30 reads").hasSizeGreaterThan(30);
        }
    }

    /** A router whose pools hold one connection each, so that the next borrow gets the same server session; no lag monitor. */
    static RoutingDataSource onePerPool(Sandbox sandbox) {
        return onePerPool(sandbox, SandboxServer::jdbcUrl);
    }

    /** The same over MariaDB Connector/J (on both flavours), whose connections behave differently once closed. */
    static RoutingDataSource onePerPoolMariaDbDriver(Sandbox sandbox) {
        return onePerPool(sandbox, s -> "jdbc:mariadb://" + s.host() + ":" + s.port() + "/?allowPublicKeyRetrieval=true");
    }

    private static RoutingDataSource onePerPool(Sandbox sandbox, java.util.function.Function<SandboxServer, String> url) {
        SandboxServer source = sandbox.source();
        RoutingConfig.Builder b = RoutingConfig.builder()
                .source(url.apply(source), source.user(), source.password())
                .maximumPoolSize(1).minimumIdle(1)
                .connectionTimeout(Duration.ofSeconds(2))
                .lag(LagConfig.disabled())
                .consistency(ConsistencyConfig.custom().sessionTokens(false).build());
        for (SandboxServer r : sandbox.replicas()) {
            b.replica(url.apply(r));
        }
        return new RoutingDataSource(b.build());
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(rs.getMetaData().getColumnCount());
        }
    }

    /**
     * Statements on a replica are created on the driver's connection (no pool proxy around them): what the pool's
     * proxies did on return, the router does — statements left open are closed with the connection, and a
     * transaction left unfinished is rolled back (the server's own session counter says so), not committed by the
     * pool's reset of auto-commit.
     */
    @SandboxTest
    void aReplicaConnectionLeftWithOpenStatementsAndTransaction_isClosedAndRolledBack(Sandbox sandbox) throws SQLException {
        schema(sandbox);
        leftOpenAndUnfinished(sandbox, onePerPool(sandbox));
        leftOpenAndUnfinished(sandbox, onePerPoolMariaDbDriver(sandbox));
    }

    private static void leftOpenAndUnfinished(Sandbox sandbox, RoutingDataSource router) throws SQLException {
        try (RoutingDataSource ds = router) {
            Connection c = ds.getConnection();
            c.setReadOnly(true);
            c.setAutoCommit(false);
            long session = scalar(c, "SELECT CONNECTION_ID()");
            long rollbacks = scalar(c, "SHOW SESSION STATUS LIKE 'Com_rollback'");
            PreparedStatement left = c.prepareStatement("SELECT note FROM routing_it.events WHERE id > ?");
            left.setLong(1, 0);
            ResultSet leftOpen = left.executeQuery();
            Statement second = c.createStatement();
            c.close(); // neither the statements nor the transaction were finished
            assertThat(left.isClosed()).isTrue();
            assertThat(second.isClosed()).isTrue();
            assertThat(leftOpen.isClosed()).isTrue();
            try (Connection d = ds.getConnection()) {
                d.setReadOnly(true);
                assertThat(serverId(d)).isEqualTo(sandbox.replica(0).serverId());
                assertThat(scalar(d, "SELECT CONNECTION_ID()")).as("the same server session").isEqualTo(session);
                assertThat(scalar(d, "SHOW SESSION STATUS LIKE 'Com_rollback'")).as("ROLLBACKs in that session").isEqualTo(rollbacks + 1);
                assertThat(scalar(d, "SELECT @@autocommit")).isEqualTo(1);
            }
            // closed before its connection: not closed again, and a committed transaction is not rolled back
            Connection e = ds.getConnection();
            e.setReadOnly(true);
            e.setAutoCommit(false);
            long before = scalar(e, "SHOW SESSION STATUS LIKE 'Com_rollback'");
            e.commit();
            e.close();
            try (Connection f = ds.getConnection()) {
                f.setReadOnly(true);
                assertThat(scalar(f, "SHOW SESSION STATUS LIKE 'Com_rollback'")).isEqualTo(before);
            }
        }
    }

    /**
     * The same on the source, where it matters most: a write transaction left unfinished when its connection
     * closes is rolled back, so the row is not there (the pool's reset of auto-commit would have committed it).
     */
    @SandboxTest
    void aWriteTransactionLeftUnfinished_isRolledBack_whenItsConnectionCloses(Sandbox sandbox) throws SQLException {
        schema(sandbox);
        unfinishedWrite(onePerPool(sandbox));
        unfinishedWrite(onePerPoolMariaDbDriver(sandbox));
    }

    private static void unfinishedWrite(RoutingDataSource router) throws SQLException {
        String lost = "unfinished-" + System.nanoTime();
        String kept = "committed-" + System.nanoTime();
        try (RoutingDataSource ds = router) {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            PreparedStatement insert = c.prepareStatement("INSERT INTO routing_it.events (note) VALUES (?)");
            insert.setString(1, lost);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            c.close(); // no commit
            assertThat(insert.isClosed()).isTrue();
            try (Connection d = ds.getConnection()) {
                d.setAutoCommit(false);
                try (PreparedStatement p = d.prepareStatement("INSERT INTO routing_it.events (note) VALUES (?)")) {
                    p.setString(1, kept);
                    p.executeUpdate();
                }
                d.commit();
            }
            try (Connection e = ds.getConnection()) {
                assertThat(scalar(e, "SELECT COUNT(*) FROM routing_it.events WHERE note = '" + lost + "'")).isZero();
                assertThat(scalar(e, "SELECT COUNT(*) FROM routing_it.events WHERE note = '" + kept + "'")).isEqualTo(1);
                assertThat(scalar(e, "SELECT @@autocommit")).isEqualTo(1);
            }
        }
    }

    /**
     * A replica connection that broke under a statement (its session killed on the server) is not handed out again:
     * the next read gets a new session on the same replica, at once.
     */
    @SandboxTest
    void aReplicaConnectionThatBrokeUnderAStatement_isNotHandedOutAgain(Sandbox sandbox) throws SQLException {
        brokenUnderAStatement(sandbox, onePerPool(sandbox));
        brokenUnderAStatement(sandbox, onePerPoolMariaDbDriver(sandbox));
    }

    private static void brokenUnderAStatement(Sandbox sandbox, RoutingDataSource router) throws SQLException {
        int replica = sandbox.replica(0).serverId();
        try (RoutingDataSource ds = router; Connection admin = sandbox.replica(0).connect()) {
            long killed;
            try (Connection c = ds.getConnection()) {
                c.setReadOnly(true);
                killed = scalar(c, "SELECT CONNECTION_ID()");
                try (Statement s = admin.createStatement()) {
                    s.execute("KILL " + killed);
                }
                assertThatThrownBy(() -> scalar(c, "SELECT 1")).as("a second statement does not move").isInstanceOf(SQLException.class);
            }
            try (Connection d = ds.getConnection()) {
                d.setReadOnly(true);
                assertThat(scalar(d, "SELECT CONNECTION_ID()")).isNotEqualTo(killed);
                assertThat(serverId(d)).isEqualTo(replica);
            }
        }
    }

    @SandboxTest
    void tenThousandMixedLogicalConnections_leaveEveryPoolIdle(Sandbox sandbox) throws SQLException {
        schema(sandbox);
        Random random = new Random(7);
        try (RoutingDataSource ds = router(sandbox)) {
            for (int i = 0; i < 10_000; i++) {
                try (Connection c = ds.getConnection()) {
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        continue;
                    }
                    boolean readOnly = kind >= 4;
                    c.setReadOnly(readOnly);
                    boolean tx = random.nextBoolean();
                    c.setAutoCommit(!tx);
                    if (readOnly) {
                        serverId(c);
                    } else if (kind == 1) {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("INSERT INTO routing_it.events (note) VALUES ('mixed')");
                        }
                    } else {
                        serverId(c);
                    }
                    if (tx) {
                        if (kind % 2 == 0) {
                            c.rollback();
                        } else {
                            c.commit();
                        }
                    }
                }
            }
            for (EndpointState e : ds.topology().replicas()) {
                assertThat(ds.poolMXBean(e.name()).orElseThrow().getActiveConnections()).as(e.name()).isZero();
                assertThat(e.load().inFlight()).isZero();
            }
            assertThat(ds.poolMXBean("source").orElseThrow().getActiveConnections()).isZero();
        }
    }
}
