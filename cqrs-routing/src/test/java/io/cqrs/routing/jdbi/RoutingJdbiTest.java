package io.cqrs.routing.jdbi;

import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.stub.StubDriver;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingJdbiTest {

    private String id;
    private RoutingDataSource ds;
    private Jdbi jdbi;

    @BeforeEach
    void start() {
        id = UUID.randomUUID().toString().substring(0, 8);
        ds = new RoutingDataSource(RoutingConfig.builder()
                .source(StubDriver.PREFIX + id + "-source", "app", "pw")
                .replica(StubDriver.PREFIX + id + "-replica-1")
                .maximumPoolSize(2).minimumIdle(0).connectionTimeout(Duration.ofMillis(250))
                .build());
        jdbi = Jdbi.create(ds).installPlugin(RoutingPlugin.create());
    }

    @AfterEach
    void stop() {
        ds.close();
    }

    private static String str(String s) {
        return s;
    }

    private String where(Handle h) {
        return h.createQuery("SELECT @@server_id").mapTo(String.class).one().substring(id.length() + 1);
    }

    @Test
    void readOnlySetInsideInTransaction_goesToReplica() {
        // Jdbi begins (auto-commit off) first, then the callback sets read-only
        assertThat(str(jdbi.inTransaction(h -> {
            h.setReadOnly(true);
            return where(h);
        }))).isEqualTo("replica-1");
    }

    @Test
    void readOnlySetBeforeInTransaction_goesToReplica() {
        assertThat(str(jdbi.withHandle(h -> {
            h.setReadOnly(true);
            return h.inTransaction(this::where);
        }))).isEqualTo("replica-1");
    }

    @Test
    void writesGoToSource() {
        assertThat(str(jdbi.inTransaction(h -> {
            h.execute("INSERT INTO t VALUES (1)");
            return where(h);
        }))).isEqualTo("source");
    }

    @Test
    void helpers() {
        assertThat(str(RoutingJdbi.readOnly(jdbi, this::where))).isEqualTo("replica-1");
        assertThat(str(RoutingJdbi.onSource(jdbi, h -> {
            h.setReadOnly(true);
            return where(h);
        }))).isEqualTo("source");
        String[] seen = new String[1];
        RoutingJdbi.useReadOnly(jdbi, h -> seen[0] = where(h));
        assertThat(seen[0]).isEqualTo("replica-1");
    }

    @Test
    void readOnlyHandlesPlugin_sendsHandlesToReplicas_unlessTheyOptOut() {
        Jdbi queries = Jdbi.create(ds).installPlugin(RoutingPlugin.readOnlyHandles()).installPlugin(RoutingPlugin.readOnlyHandles());
        assertThat(str(queries.withHandle(this::where))).isEqualTo("replica-1");
        assertThat(str(queries.inTransaction(this::where))).isEqualTo("replica-1");
        assertThat(str(queries.withHandle(h -> {
            h.setReadOnly(false);
            return where(h);
        }))).isEqualTo("source");
    }

    @Test
    void handlesLeaveNothingBorrowed() {
        for (int i = 0; i < 200; i++) {
            boolean ro = i % 2 == 0;
            jdbi.useTransaction(h -> {
                h.setReadOnly(ro);
                where(h);
            });
        }
        assertThat(ds.poolMXBean("source").orElseThrow().getActiveConnections()).isZero();
        assertThat(ds.poolMXBean("replica-1").orElseThrow().getActiveConnections()).isZero();
    }
}
