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
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables by the shape of their primary key, where reading them by key can go wrong: a composite key that
 * does not start with an integer, a time-series key holding a TIMESTAMP, a BIGINT UNSIGNED key above the
 * signed range, an ENUM leading the key. The snapshot reads a table it cannot split by an integer key in one
 * pass in key order; verify cuts every keyed table into key ranges.
 *
 * <p>The composite key: both used to page with {@code (a, b) > (?, ?)}, which MySQL and MariaDB answer by
 * reading the index from its start, so every page and every chunk read the table again (quadratic). Counted
 * with the source's own handler counters: the rows the server read for the whole snapshot, and for the whole
 * verify, stay within a small multiple of the table's rows — and every row is in exactly one chunk.
 */
class PrimaryKeyShapesIT {

    private static final int CODES = 200;
    private static final int PER_CODE = 250;
    private static final int ROWS = CODES * PER_CODE;

    @SandboxTest
    void compositeKey_isReadByRange_inTheSnapshotAndInVerify(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "ck_" + flavor.name().toLowerCase();
        SandboxServer source = sandbox.source();
        exec(source, "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (code VARCHAR(12) NOT NULL, n INT NOT NULL, v VARCHAR(40) NOT NULL, PRIMARY KEY (code, n))",
                allowRecursion(flavor, ROWS),
                "INSERT INTO " + db + ".t WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < " + (ROWS - 1) + ")"
                        + " SELECT CONCAT('c', LPAD(i DIV " + PER_CODE + ", 3, '0')), i MOD " + PER_CODE + ", MD5(i) FROM s",
                "ANALYZE TABLE " + db + ".t"); // statistics as a table has them: fresh ones (MySQL plans the verify's ORDER BY ... LIMIT from them)
        try {
            // the snapshot: one pass in key order (it was five pages of 10,000 keys)
            Path file = Files.createTempDirectory("ck").resolve("dump.sql");
            long before = rowsRead(source);
            SnapshotResult r = snapshot(source, db, file);
            long snapshotReads = rowsRead(source) - before;
            assertThat(r.rows()).isEqualTo(ROWS); // every row once
            System.out.printf("%s: the source read %,d rows for the snapshot of %,d%n", flavor, snapshotReads, ROWS);
            assertThat(snapshotReads).as("rows the source read for a snapshot of %d rows", ROWS).isLessThan(2L * ROWS); // was 4x (201,715)

            // verify: 20 chunks of 2,500 keys, every chunk a range
            sandbox.sync();
            ServerEndpoint src = endpoint(source);
            ServerEndpoint replica = endpoint(sandbox.replica(0));
            VerifyOptions options = VerifyOptions.defaults().tables(List.of(db + ".t")).chunkRows(2_500);
            before = rowsRead(source);
            VerifyReport same = ConsistencyVerifier.verify(src, replica, options);
            long verifyReads = rowsRead(source) - before;
            assertThat(same.consistent()).as(same.toText()).isTrue();
            assertThat(same.tables().get(0).sourceRows()).isEqualTo(ROWS); // the chunks cover every row once
            assertThat(same.tables().get(0).chunks()).isEqualTo(ROWS / 2_500 + 1);
            System.out.printf("%s: the source read %,d rows to verify %,d%n", flavor, verifyReads, ROWS);
            assertThat(verifyReads).as("rows the source read to verify %d rows", ROWS).isLessThan(3L * ROWS); // was 32x (1,626,490)

            // a change on the replica alone is found in the chunk whose range holds its key
            Dialect d = sandbox.dialect();
            exec(sandbox.replica(0), d.setReadOnly(false), d.disableSessionBinlog(),
                    "UPDATE " + db + ".t SET v = 'sneaky' WHERE code = 'c123' AND n = 7", d.setReadOnly(true));
            VerifyReport diff = ConsistencyVerifier.verify(src, replica, options);
            assertThat(diff.mismatches()).hasSize(1);
            VerifyReport.ChunkMismatch m = diff.mismatches().get(0);
            assertThat(m.lowerExclusive()).isEqualTo("(c119, 249)"); // chunks end every 2,500 keys: (c009, 249), (c019, 249), ...
            assertThat(m.upperInclusive()).isEqualTo("(c129, 249)");
            assertThat(m.sourceRows()).isEqualTo(m.replicaRows()).isEqualTo(2_500);
        } finally {
            exec(source, "DROP DATABASE IF EXISTS " + db);
        }
    }

    /**
     * A time-series key {@code (device, ts)} read while this JVM runs in a zone with daylight saving, the
     * 10,000th key at a TIMESTAMP the zone skips (2024-03-31 02:30 does not exist in Berlin): the snapshot's
     * page, and verify's chunk, ended there. Read as a {@code java.sql.Timestamp}, Connector/J refused that
     * value ({@code HOUR_OF_DAY: 2 -> 3}) and both failed; the snapshot reads the table in one pass now, and
     * verify takes the key's values as the server's text.
     */
    @SandboxTest
    void timestampInKey_isReadExactly_inAJvmZoneWithADaylightSavingGap(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "ts_" + flavor.name().toLowerCase();
        SandboxServer source = sandbox.source();
        exec(source, "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db, "SET SESSION time_zone = '+00:00'",
                "CREATE TABLE " + db + ".m (device VARCHAR(8) NOT NULL, ts TIMESTAMP NOT NULL, v INT NOT NULL, PRIMARY KEY (device, ts))",
                allowRecursion(flavor, 10000),
                // 9,999 rows a minute apart, then the 10,000th key in the gap, then rows right after it
                "INSERT INTO " + db + ".m WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 9998)"
                        + " SELECT 'a', TIMESTAMP('2024-03-01 00:00:00') + INTERVAL i MINUTE, i FROM s",
                "INSERT INTO " + db + ".m VALUES ('a', '2024-03-31 02:30:00', 1), ('a', '2024-03-31 02:40:00', 2),"
                        + " ('a', '2024-03-31 03:00:00', 3), ('a', '2024-03-31 03:30:00', 4), ('a', '2024-03-31 04:00:00', 5),"
                        + " ('b', '2024-03-31 02:30:00', 6)");
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Europe/Berlin"));
        try {
            Path file = Files.createTempDirectory("ts").resolve("dump.sql");
            SnapshotResult r = snapshot(source, db, file);
            assertThat(r.rows()).isEqualTo(10_005); // 9,999 + 5 more of device a + 1 of device b
            String dump = Files.readString(file);
            assertThat(dump).contains("'2024-03-31 02:40:00'").contains("'2024-03-31 03:00:00'").contains("'2024-03-31 03:30:00'");

            // verify cuts its chunks at such keys too (one ends at the gap: 2,500 keys a chunk, the 10,000th is 02:30)
            VerifyReport v = verify(sandbox, db + ".m", 2_500);
            assertThat(v.consistent()).as(v.toText()).isTrue();
            assertThat(v.tables().get(0).sourceRows()).isEqualTo(10_005);
        } finally {
            java.util.TimeZone.setDefault(zone);
            exec(source, "DROP DATABASE IF EXISTS " + db);
        }
    }

    /**
     * A BIGINT UNSIGNED key with values above 2^63 (64-bit hashes, MySQL's UUID_SHORT() on a server id of 128
     * or more) is split into key ranges like any integer key, and every row copied (the snapshot failed:
     * "outside of valid range for type java.lang.Long"); verify cuts its chunks there (Connector/J bound
     * 2^64 - 1 as -1, and the search for the next chunk never ended).
     */
    @SandboxTest
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // verify looped for ever
    void unsignedBigintKey_aboveTheSignedRange_isCopiedWhole(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "ub_" + flavor.name().toLowerCase();
        SandboxServer source = sandbox.source();
        exec(source, "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".h (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, v INT NOT NULL)",
                allowRecursion(flavor, 30000),
                // 30,000 keys spread over the whole unsigned range, half of them above 2^63
                "INSERT INTO " + db + ".h WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 29999)"
                        + " SELECT CAST(i AS UNSIGNED) * 614891469123651 + 7, i FROM s",
                "INSERT INTO " + db + ".h VALUES (18446744073709551615, -1), (9223372036854775807, -2), (9223372036854775808, -3)",
                "ANALYZE TABLE " + db + ".h");
        try {
            Path file = Files.createTempDirectory("ub").resolve("ub.sql");
            SnapshotResult r = Snapshotter.snapshot(endpoint(source), SnapshotOptions.builder().databases(db).chunkRows(1_000).build(),
                    DumpFileSink.of(file));
            assertThat(r.rows()).isEqualTo(30_003);
            assertThat(Files.readString(file)).contains("18446744073709551615").contains("9223372036854775808");

            sandbox.sync();
            long before = rowsRead(source);
            VerifyReport v = verify(sandbox, db + ".h", 1_000);
            long verifyReads = rowsRead(source) - before;
            assertThat(v.consistent()).as(v.toText()).isTrue();
            assertThat(v.tables().get(0).sourceRows()).isEqualTo(30_003);
            System.out.printf("%s: the source read %,d rows to verify %,d%n", flavor, verifyReads, 30_003);
            assertThat(verifyReads).as("chunk bounds above 2^63 compared as numbers, by range").isLessThan(3L * 30_003);
        } finally {
            exec(source, "DROP DATABASE IF EXISTS " + db);
        }
    }

    /**
     * An ENUM leading the key: {@code ORDER BY} sorts it by the position of its values in the definition,
     * a comparison with a value compares the text, so "the keys after ('z', 9999)" in key order are not
     * {@code kind > 'z' ...}. Every row is copied and verified once.
     */
    @SandboxTest
    void enumLeadingTheKey_isReadWhole(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "en_" + flavor.name().toLowerCase();
        SandboxServer source = sandbox.source();
        exec(source, "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".e (kind ENUM('z', 'a') NOT NULL, id INT NOT NULL, v INT NOT NULL, PRIMARY KEY (kind, id))",
                allowRecursion(flavor, 10000),
                "INSERT INTO " + db + ".e WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 9999) SELECT 'z', i, i FROM s",
                "INSERT INTO " + db + ".e VALUES ('a', 1, 1), ('a', 2, 2), ('a', 3, 3), ('a', 4, 4), ('a', 5, 5)",
                "ANALYZE TABLE " + db + ".e");
        try {
            Path file = Files.createTempDirectory("en").resolve("dump.sql");
            SnapshotResult r = snapshot(source, db, file);
            assertThat(r.rows()).isEqualTo(10_005);
            assertThat(Files.readString(file)).contains("('a',5,5)");

            VerifyReport v = verify(sandbox, db + ".e", 2_500);
            assertThat(v.consistent()).as(v.toText()).isTrue();
            assertThat(v.tables().get(0).sourceRows()).isEqualTo(10_005);
        } finally {
            exec(source, "DROP DATABASE IF EXISTS " + db);
        }
    }

    private static String allowRecursion(ServerFlavor flavor, int depth) {
        return flavor == ServerFlavor.MYSQL ? "SET SESSION cte_max_recursion_depth = " + depth : "SET SESSION max_recursive_iterations = " + depth;
    }

    /** A snapshot of {@code db} into a dump file (no target needed to see what the source was asked). */
    private static SnapshotResult snapshot(SandboxServer source, String db, Path file) throws Exception {
        return Snapshotter.snapshot(endpoint(source), SnapshotOptions.builder().databases(db).build(), DumpFileSink.of(file));
    }

    /** Verify of {@code table} once the replica has everything. */
    private static VerifyReport verify(Sandbox sandbox, String table, int chunkRows) {
        sandbox.sync();
        return ConsistencyVerifier.verify(endpoint(sandbox.source()), endpoint(sandbox.replica(0)),
                VerifyOptions.defaults().tables(List.of(table)).chunkRows(chunkRows));
    }

    /** Rows the server's handlers read so far, whichever way (index or table scan). */
    private static long rowsRead(SandboxServer server) throws Exception {
        long sum = 0;
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_read_first', 'Handler_read_key',"
                     + " 'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd', 'Handler_read_rnd_next')")) {
            while (rs.next()) {
                sum += rs.getLong(2);
            }
        }
        return sum;
    }
}
