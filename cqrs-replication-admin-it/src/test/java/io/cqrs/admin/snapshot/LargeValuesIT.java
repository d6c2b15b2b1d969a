package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A row with a large value in a bulk-loaded table. MySQL 8.0's LOAD DATA takes time quadratic in a field's
 * length (a 20 MB BLOB, 40 MB in the hex the copy sends, took 30 s where the whole copy took 2 s without
 * it), so such a row goes as an INSERT of its own — when the target's {@code max_allowed_packet} takes that
 * statement; otherwise it stays in LOAD DATA, slow but exact. Which way each row went is counted with the
 * target's own statement counters ({@code Com_insert}, {@code Com_load}).
 */
class LargeValuesIT {

    private static final String DB = "large_values";

    private static long status(SandboxServer s, String name) throws Exception {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            assertThat(rs.next()).as(name).isTrue();
            return rs.getLong(2);
        }
    }

    @SandboxTest(isolated = true)
    void aRowWithALargeValue_goesAsAnInsert_whenTheTargetTakesIt(Sandbox sandbox) throws Exception {
        SandboxServer src = sandbox.source();
        SandboxServer rep = sandbox.replica(0);
        ServerEndpoint replica = CopyTargets.detached(sandbox);
        CopyTargets.freshDatabase(src, DB,
                "CREATE TABLE " + DB + ".docs (id INT PRIMARY KEY, title VARCHAR(20), body LONGBLOB)",
                "INSERT INTO " + DB + ".docs VALUES (1, 'small', 'abc'), (2, 'large', REPEAT(UNHEX('00FF5C09'), 750000)), (3, 'null', NULL)");
        exec(rep, "SET GLOBAL max_allowed_packet = 16777216"); // 16 MB (MariaDB's default; MySQL's is 64): the 6 MB of hex fit

        long inserts = status(rep, "Com_insert");
        long loads = status(rep, "Com_load");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), new DirectCopySink(replica));
        assertThat(checksums(rep, DB)).isEqualTo(checksums(src, DB));
        assertThat(status(rep, "Com_insert") - inserts).as("the 3 MB row alone").isEqualTo(1);
        assertThat(status(rep, "Com_load") - loads).as("the other two rows").isEqualTo(1);

        // a target whose max_allowed_packet cannot take that INSERT: the row stays in LOAD DATA
        exec(rep, "SET GLOBAL max_allowed_packet = 4194304");
        inserts = status(rep, "Com_insert");
        loads = status(rep, "Com_load");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), new DirectCopySink(replica));
        assertThat(checksums(rep, DB)).isEqualTo(checksums(src, DB));
        assertThat(status(rep, "Com_insert") - inserts).isZero();
        assertThat(status(rep, "Com_load") - loads).as("all three rows, the large one in a batch of its own or not").isPositive();
    }

    /**
     * A dump whose largest statement is larger than the target's {@code max_allowed_packet}: refused before anything
     * is loaded (it failed in the middle of the load, the statements before it loaded), naming the line, the sizes
     * and the setting to raise; with the setting raised as the message says, it loads.
     */
    @SandboxTest(isolated = true)
    void aDumpWithAStatementLargerThanTheTargetTakes_isRefusedBeforeLoadingAnything(Sandbox sandbox) throws Exception {
        SandboxServer src = sandbox.source();
        SandboxServer rep = sandbox.replica(0);
        ServerEndpoint replica = CopyTargets.detached(sandbox);
        CopyTargets.freshDatabase(src, DB,
                "CREATE TABLE " + DB + ".docs (id INT PRIMARY KEY, body LONGBLOB)",
                "INSERT INTO " + DB + ".docs VALUES (1, 'small'), (2, REPEAT('x', 3000000))");
        Path file = Files.createTempDirectory("large").resolve("l.sql");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), DumpFileSink.of(file));
        CopyTargets.cleared(sandbox, DB, "SET GLOBAL max_allowed_packet = 4194304");

        assertThatThrownBy(() -> Restorer.restore(replica, file, RestoreOptions.defaults()))
                .isInstanceOf(AdminException.class)
                .hasMessageContaining("refused before loading anything")
                .hasMessageContaining("max_allowed_packet (4194304)")
                .hasMessageMatching("(?s).*the statement of line \\d+ is 60000\\d\\d bytes.*SET GLOBAL max_allowed_packet = 6291456;.*");
        assertThat(string(rep, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DB + "'")).isEqualTo("0");

        exec(rep, "SET GLOBAL max_allowed_packet = 6291456"); // as the message says
        Restorer.restore(replica, file, RestoreOptions.defaults());
        assertThat(checksums(rep, DB)).isEqualTo(checksums(src, DB));
    }
}
