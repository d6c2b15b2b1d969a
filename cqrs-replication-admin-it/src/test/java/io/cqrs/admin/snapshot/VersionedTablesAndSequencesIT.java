package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.recovery.ConsistencyVerifier;
import io.cqrs.admin.recovery.VerifyOptions;
import io.cqrs.admin.recovery.VerifyReport;
import io.cqrs.common.ServerFlavor;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MariaDB's system-versioned tables and sequences (MySQL has neither). A snapshot read only base tables: a
 * versioned table was left out of a copy (its rows and history gone, and the replica broke at the source's next
 * write to it), and so was a sequence (a table whose column default takes values from it could not even be
 * created). Now a versioned table is copied with every row version and its row-start and row-end values (the
 * hidden ROW_START/ROW_END, or named period columns), a sequence is created before the tables and set to where
 * it stood in the snapshot, and verify compares a versioned table's history too.
 */
class VersionedTablesAndSequencesIT {

    private static final String DB = "hist";

    /** Every row version of a table, in one string: key, values, row start, row end. */
    private static String history(SandboxServer s, String table, String columns) throws Exception {
        return string(s, "SELECT GROUP_CONCAT(CONCAT_WS('|', " + columns + ") ORDER BY 1 SEPARATOR ';') FROM " + DB + "." + table
                + " FOR SYSTEM_TIME ALL");
    }

    private static String state(SandboxServer s) throws Exception {
        return history(s, "ver", "id, x, ROW_START, ROW_END") + " / " + history(s, "named", "id, x, g, rs, re")
                + " / seq " + string(s, "SELECT CONCAT_WS('|', next_not_cached_value, cycle_count) FROM " + DB + ".seq")
                + " / uses " + string(s, "SELECT GROUP_CONCAT(CONCAT_WS('|', id, v) ORDER BY id) FROM " + DB + ".uses");
    }

    private static void createOn(SandboxServer src) throws Exception {
        CopyTargets.freshDatabase(src, DB,
                "CREATE SEQUENCE " + DB + ".seq START WITH 100 INCREMENT BY 5",
                "CREATE TABLE " + DB + ".uses (id INT PRIMARY KEY DEFAULT NEXT VALUE FOR " + DB + ".seq, v VARCHAR(10))",
                "INSERT INTO " + DB + ".uses (v) VALUES ('a'), ('b')",
                "CREATE TABLE " + DB + ".ver (id INT PRIMARY KEY, x INT) WITH SYSTEM VERSIONING",
                "INSERT INTO " + DB + ".ver VALUES (1, 1), (2, 2)",
                "UPDATE " + DB + ".ver SET x = x + 10",
                "DELETE FROM " + DB + ".ver WHERE id = 2",
                "CREATE TABLE " + DB + ".named (id INT PRIMARY KEY, x INT, g INT AS (x + 1) STORED,"
                        + " rs TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, re TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,"
                        + " PERIOD FOR SYSTEM_TIME (rs, re)) WITH SYSTEM VERSIONING",
                "INSERT INTO " + DB + ".named (id, x) VALUES (1, 10), (2, 20)",
                "UPDATE " + DB + ".named SET x = x + 1 WHERE id = 1");
    }

    @SandboxTest(isolated = true, flavors = ServerFlavor.MARIADB)
    void versionedTablesAndSequences_copyAndRestoreWithTheirHistoryAndValue(Sandbox sandbox) throws Exception {
        SandboxServer src = sandbox.source();
        SandboxServer rep = sandbox.replica(0);
        ServerEndpoint replica = CopyTargets.detached(sandbox);
        createOn(src);
        String expected = state(src);
        assertThat(expected).contains("1|1|").contains("2|12|").contains(" / seq ").contains(" / uses 100|a,105|b");
        assertThat(expected.split(" / ")[0].split(";")).as("ver: 2 inserted, 2 updated (1 deleted since)").hasSize(4);

        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), new DirectCopySink(replica));
        assertThat(state(rep)).isEqualTo(expected);
        assertThat(string(rep, "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME = 'seq'"))
                .isEqualTo("SEQUENCE");

        Path file = Files.createTempDirectory("hist").resolve("h.sql");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), DumpFileSink.of(file));
        CopyTargets.cleared(sandbox, DB);
        Restorer.restore(replica, file, RestoreOptions.defaults());
        assertThat(state(rep)).isEqualTo(expected);
        // the restored sequence goes on where the source's stood in the snapshot
        assertThat(string(rep, "SELECT NEXT VALUE FOR " + DB + ".seq")).isEqualTo(string(src, "SELECT next_not_cached_value FROM " + DB + ".seq"));
    }

    @SandboxTest(flavors = ServerFlavor.MARIADB)
    void verify_comparesAVersionedTablesHistory(Sandbox sandbox) throws Exception {
        createOn(sandbox.source());
        try {
            sandbox.sync();
            VerifyOptions options = VerifyOptions.defaults().tables(List.of(DB));
            VerifyReport same = ConsistencyVerifier.verify(endpoint(sandbox.source()), endpoint(sandbox.replica(0)), options);
            assertThat(same.consistent()).as(same.toText()).isTrue();
            assertThat(same.toText()).contains(DB + ".ver").contains(DB + ".named");

            // a row that came and went on the replica alone: the current rows agree, the history does not
            Dialect d = sandbox.dialect();
            exec(sandbox.replica(0), d.setReadOnly(false), d.disableSessionBinlog(),
                    "INSERT INTO " + DB + ".ver VALUES (99, 99)", "DELETE FROM " + DB + ".ver WHERE id = 99", d.setReadOnly(true));
            VerifyReport r = ConsistencyVerifier.verify(endpoint(sandbox.source()), endpoint(sandbox.replica(0)), options);
            assertThat(r.consistent()).as(r.toText()).isFalse();
            assertThat(r.mismatches()).hasSize(1);
            assertThat(r.toText()).contains(DB + ".ver");
        } finally {
            exec(sandbox.source(), "DROP DATABASE IF EXISTS " + DB);
        }
    }
}
