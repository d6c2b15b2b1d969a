package io.cqrs.routing.spring.it.jdbc;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.spring.it.SpringSandbox;
import io.cqrs.routing.spring.it.ThreadDecisions;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JdbcTemplate, MyBatis (mybatis-spring) and jOOQ with Spring transactions (Boot's DataSourceTransactionManager):
 * read-only transactions on the replica, the rest on the source, each transaction on one server.
 */
class JdbcFrameworksRoutingIT {

    private static final Map<String, ConfigurableApplicationContext> APPS = new ConcurrentHashMap<>();

    private static ConfigurableApplicationContext app(Sandbox sandbox) {
        return APPS.computeIfAbsent(sandbox.flavor().name(), k -> {
            try {
                SpringSandbox.database(sandbox, "jdbc_it",
                        "CREATE TABLE item (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return SpringSandbox.start(JdbcApp.class, false, sandbox, "jdbc_it");
        });
    }

    @AfterAll
    static void close() {
        APPS.values().forEach(ConfigurableApplicationContext::close);
        APPS.clear();
    }

    /** Runs {@code work} in a Spring transaction; returns the server ids it saw and checks the borrows. */
    private static List<Integer> inTransaction(ConfigurableApplicationContext ctx, boolean readOnly, Supplier<List<Integer>> work) {
        PlatformTransactionManager tm = ctx.getBean(PlatformTransactionManager.class);
        assertThat(tm).isInstanceOf(DataSourceTransactionManager.class);
        TransactionTemplate tx = new TransactionTemplate(tm);
        tx.setReadOnly(readOnly);
        ThreadDecisions decisions = ctx.getBean(ThreadDecisions.class);
        decisions.take();
        List<Integer> ids = tx.execute(s -> work.get());
        List<RoutingDecision> d = decisions.take();
        assertThat(d).as("one borrow per transaction").singleElement()
                .satisfies(x -> assertThat(x.role()).isEqualTo(readOnly ? EndpointRole.REPLICA : EndpointRole.SOURCE));
        if (!readOnly) {
            assertThat(d.get(0).reason()).isEqualTo(RoutingReason.READ_WRITE);
        }
        return ids;
    }

    @SandboxTest
    void jdbcTemplate_readOnlyToReplica_readWriteToSource(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox);
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        assertThat(inTransaction(ctx, true, () -> List.of(jdbc.queryForObject("SELECT @@server_id", Integer.class),
                jdbc.queryForObject("SELECT COUNT(*) FROM item", Integer.class) * 0 + jdbc.queryForObject("SELECT @@server_id", Integer.class))))
                .containsOnly(sandbox.replica(0).serverId());
        assertThat(inTransaction(ctx, false, () -> {
            List<Integer> ids = new ArrayList<>();
            ids.add(jdbc.queryForObject("SELECT @@server_id", Integer.class)); // begins with a SELECT
            jdbc.update("INSERT INTO item (name) VALUES (?)", "jdbc");
            ids.add(jdbc.queryForObject("SELECT @@server_id", Integer.class));
            return ids;
        })).containsOnly(sandbox.source().serverId());
        // no transaction, auto-commit, not read-only: the source
        assertThat(jdbc.queryForObject("SELECT @@server_id", Integer.class)).isEqualTo(sandbox.source().serverId());
    }

    @SandboxTest
    void myBatis_readOnlyToReplica_readWriteToSource(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox);
        ItemMapper mapper = ctx.getBean(ItemMapper.class);
        assertThat(inTransaction(ctx, true, () -> {
            mapper.count();
            return List.of(mapper.serverId(), mapper.serverId());
        })).containsOnly(sandbox.replica(0).serverId());
        assertThat(inTransaction(ctx, false, () -> {
            List<Integer> ids = new ArrayList<>();
            ids.add(mapper.serverId());
            mapper.insert("mybatis");
            ids.add(mapper.serverId());
            return ids;
        })).containsOnly(sandbox.source().serverId());
    }

    @SandboxTest
    void jooq_readOnlyToReplica_readWriteToSource(Sandbox sandbox) {
        ConfigurableApplicationContext ctx = app(sandbox);
        DSLContext dsl = ctx.getBean(DSLContext.class);
        assertThat(inTransaction(ctx, true, () -> {
            dsl.fetchCount(org.jooq.impl.DSL.table("item"));
            return List.of(serverId(dsl), serverId(dsl));
        })).containsOnly(sandbox.replica(0).serverId());
        assertThat(inTransaction(ctx, false, () -> {
            List<Integer> ids = new ArrayList<>();
            ids.add(serverId(dsl));
            dsl.execute("INSERT INTO item (name) VALUES (?)", "jooq");
            ids.add(serverId(dsl));
            return ids;
        })).containsOnly(sandbox.source().serverId());
    }

    private static int serverId(DSLContext dsl) {
        return ((Number) dsl.fetchValue("SELECT @@server_id")).intValue();
    }
}
