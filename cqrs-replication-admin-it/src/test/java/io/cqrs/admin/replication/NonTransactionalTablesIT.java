package io.cqrs.admin.replication;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.internal.NonTransactionalTables;
import io.cqrs.admin.snapshot.SnapshotOptions;
import io.cqrs.common.ServerFlavor;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.cqrs.sandbox.SandboxTools.await;
import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MyISAM table (no transactions, so no consistent snapshot) written to all through a provision: read after the
 * snapshot's read lock is released, it held rows written after the snapshot's GTID position, which replication
 * then applied a second time (1062, duplicate key) — the new replica broke. Such tables are copied while the
 * read lock still holds, so the copy is exactly the position's.
 */
class NonTransactionalTablesIT {

    @SandboxTest(isolated = true)
    void myisamTable_writtenDuringTheProvision_replicatesWithoutConflict(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        SandboxServer src = sandbox.source();
        ServerEndpoint source = endpoint(src);
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        admin.resetReplication(true);
        exec(src, "CREATE DATABASE legacy",
                "CREATE TABLE legacy.log (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40)) ENGINE=MyISAM",
                "CREATE TABLE legacy.big (id INT PRIMARY KEY, v VARCHAR(100)) ENGINE=InnoDB",
                flavor == ServerFlavor.MYSQL ? "SET SESSION cte_max_recursion_depth = 200000" : "SET SESSION max_recursive_iterations = 200000",
                "INSERT INTO legacy.big WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 200000) SELECT i, MD5(i) FROM s",
                "INSERT INTO legacy.log (v) VALUES ('before')");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = src.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.execute("INSERT INTO legacy.log (v) VALUES ('during')");
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "myisam-writer");
        writer.start();
        Provisioner.Result r;
        try {
            await("the writer under way", Duration.ofSeconds(10), () -> written.get() >= 20);
            r = Provisioner.provision(admin, sandbox.replicationSource(), ProvisionOptions.direct()
                    .snapshot(SnapshotOptions.builder().databases("legacy").build()));
            long atTheEnd = written.get();
            await("writes after the provision", Duration.ofSeconds(10), () -> written.get() >= atTheEnd + 20);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(written.get()).as("rows written while provisioning").isGreaterThan(100);
        assertThat(r.snapshot().rows()).isPositive();
        // (the provision's own health check may see the replica a second behind: the writer ran to the end)
        sandbox.sync();
        assertThat(admin.check().healthy()).as("replication after the writes").isTrue();
        assertThat(checksums(sandbox.replica(0), "legacy")).isEqualTo(checksums(src, "legacy"));
    }

    /** MariaDB lists a system-versioned table as such, not as a base table: one of Aria is still not transactional. */
    @SandboxTest(flavors = ServerFlavor.MARIADB)
    void aSystemVersionedTableOfANonTransactionalEngine_isFound(Sandbox sandbox) throws Exception {
        SandboxServer source = sandbox.source();
        exec(source, "CREATE DATABASE IF NOT EXISTS ntt_versioned",
                "CREATE OR REPLACE TABLE ntt_versioned.aria_history (id INT PRIMARY KEY, v INT) ENGINE=Aria WITH SYSTEM VERSIONING",
                "CREATE OR REPLACE TABLE ntt_versioned.innodb_history (id INT PRIMARY KEY, v INT) ENGINE=InnoDB WITH SYSTEM VERSIONING");
        try (Connection c = source.connect()) {
            assertThat(NonTransactionalTables.of(c)).contains("ntt_versioned.aria_history").doesNotContain("ntt_versioned.innodb_history");
        } finally {
            exec(source, "DROP DATABASE ntt_versioned");
        }
    }
}
