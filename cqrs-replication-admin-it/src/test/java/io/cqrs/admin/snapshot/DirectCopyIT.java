package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.internal.TargetSessions;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.common.ServerFlavor;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerVersion;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.count;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The direct copy's bulk load ({@code LOAD DATA LOCAL INFILE} from the source's bytes) against
 * real servers: every awkward value arrives exactly, types that do not round-trip through a
 * tab-separated field go by INSERT, and a load the server accepted only in part is an error.
 */
class DirectCopyIT {

    private static final String ALL_BYTES;

    static {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < 256; i++) {
            sb.append(String.format("%02X", i));
        }
        ALL_BYTES = sb.toString();
    }

    @SandboxTest(isolated = true)
    void bulkLoad_copiesEveryValueExactly_andTablesWithBitOrSpatialColumnsGoByInsert(Sandbox sandbox) throws Exception {
        SandboxServer src = sandbox.source();
        ServerEndpoint replica = endpoint(sandbox.replica(0));
        new ReplicationAdmin(endpoint(src), replica).resetReplication(false);
        String awkward = "CONCAT('tab', CHAR(9), 'nl', CHAR(10), 'cr', CHAR(13), 'bs', CHAR(92), 'N', CHAR(0), 'nul', CHAR(26), 'z ',"
                + " _utf8mb4 0xF09F9880, ' ', _utf8mb4 0xE98791)";
        exec(src, "CREATE DATABASE tricky",
                "CREATE TABLE tricky.loadable (id INT PRIMARY KEY, s VARCHAR(200) CHARACTER SET utf8mb4, l VARCHAR(50) CHARACTER SET latin1,"
                        + " b VARBINARY(300), bl BLOB, j JSON, e ENUM('a','b c'), st SET('x','y'), d DECIMAL(30,10), f DOUBLE, fl FLOAT,"
                        + " dt DATETIME(6), ts TIMESTAMP(3) NULL, t TIME(2), y YEAR, bi BIGINT UNSIGNED, tx MEDIUMTEXT)",
                "INSERT INTO tricky.loadable VALUES (1, " + awkward + ", 'café ÿ', " + ALL_BYTES + ", REVERSE(" + ALL_BYTES + "),"
                        + " '{\"k\": \"v\\\\n\\\\t\", \"n\": [1, 2.5, null]}', 'b c', 'x,y', -12345678901234567890.0123456789,"
                        + " 1.7976931348623157e308, -3.40282e38, '2024-02-29 23:59:59.999999', '2038-01-19 03:14:07.999',"
                        + " '-838:59:59.00', 2155, 18446744073709551615, REPEAT(" + awkward + ", 50))",
                "INSERT INTO tricky.loadable (id) VALUES (2)",
                "INSERT INTO tricky.loadable VALUES (3, '', '', '', '', '[]', 'a', '', 0, -0.0, 0, '1000-01-01 00:00:00', NULL, '00:00:00',"
                        + " 1901, 0, '')",
                "INSERT INTO tricky.loadable (id, s, l, b, tx) VALUES (4, CONCAT(CHAR(92), 'N'), 'NULL', 0x5C4E, CHAR(92))",
                // enough rows for several load batches (64 KB each with 16 KB statements)
                "INSERT INTO tricky.loadable (id, s, b, d, dt) SELECT 100 + a.n * 100 + b.n, CONCAT(REPEAT('x', a.n), CHAR(9), b.n),"
                        + " UNHEX(MD5(a.n * 100 + b.n)), a.n / 7, '2020-01-01 00:00:00' + INTERVAL (a.n * 100 + b.n) SECOND"
                        + " FROM (" + numbers(60) + ") a, (" + numbers(100) + ") b",
                // keys a bulk copy builds after the load, and one it cannot defer (AUTO_INCREMENT only in a plain key)
                "CREATE TABLE tricky.parent (id INT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL, grp INT,"
                        + " UNIQUE KEY uk_code (code), KEY ix_grp (grp, code)) ENGINE=InnoDB",
                "CREATE TABLE tricky.child (id INT PRIMARY KEY, parent_id INT NOT NULL, v INT, KEY ix_v (v),"
                        + " CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES tricky.parent (id) ON DELETE CASCADE) ENGINE=InnoDB",
                "CREATE TABLE tricky.autokey (id INT NOT NULL AUTO_INCREMENT, v INT, KEY ix_id (id)) ENGINE=InnoDB",
                "CREATE TABLE tricky.empty (id INT PRIMARY KEY, v INT, KEY ix_v (v)) ENGINE=InnoDB",
                "INSERT INTO tricky.parent (code, grp) SELECT CONCAT('c', n), n % 7 FROM (" + numbers(50) + ") x",
                "INSERT INTO tricky.child SELECT n, 1 + n % 50, n * 3 FROM (" + numbers(100) + ") x",
                "INSERT INTO tricky.autokey (v) SELECT n FROM (" + numbers(20) + ") x",
                // Japanese character sets, byte for byte: NEC/IBM extensions, the wave dash/fullwidth tilde that sjis and
                // cp932 map differently, a 0x5C (backslash) byte inside a two-byte character, half-width katakana
                "CREATE TABLE tricky.japanese (id INT PRIMARY KEY, s VARCHAR(20) CHARACTER SET sjis, c VARCHAR(20) CHARACTER SET cp932,"
                        + " u VARCHAR(20) CHARACTER SET ujis, e VARCHAR(20) CHARACTER SET eucjpms, x VARCHAR(20) CHARACTER SET utf8mb4)",
                "INSERT INTO tricky.japanese VALUES (1, _sjis 0x955C835C81605C7E, _cp932 0x8740878A8160955C5C, _ujis 0xC9BDA1C18EB1,"
                        + " _eucjpms 0xADA1A1C1C9BD, _utf8mb4 0xF0A0AEB7E8A1A8), (2, NULL, _cp932 0xFA40, NULL, NULL, '')",
                "CREATE TABLE tricky.fallback (id INT PRIMARY KEY, flags BIT(10), p POINT, note VARCHAR(10))",
                "INSERT INTO tricky.fallback VALUES (1, b'1000000001', ST_GeomFromText('POINT(1.5 -2)'), 'a\tb'), (2, NULL, NULL, NULL)");
        assertThat(count(src, "SELECT COUNT(*) FROM tricky.loadable")).isEqualTo(6004);
        String localInfileBefore = string(sandbox.replica(0), "SELECT @@GLOBAL.local_infile");
        long loadsBefore = status(sandbox.replica(0), "Com_load");
        long insertsBefore = status(sandbox.replica(0), "Com_insert");

        // every table's keys deferred, however small (by default only tables of KeyBuilds.DEFER_MIN_ROWS rows are)
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases("tricky").workers(2).chunkRows(1000)
                .maxStatementBytes(16 * 1024).build(), new DirectCopySink(replica, true, DirectCopySink.DEFAULT_LOADERS, 0));

        assertThat(rows(sandbox.replica(0), "tricky.loadable")).isEqualTo(rows(src, "tricky.loadable"));
        assertThat(rows(sandbox.replica(0), "tricky.fallback")).isEqualTo(rows(src, "tricky.fallback"));
        assertThat(checksums(sandbox.replica(0), "tricky")).isEqualTo(checksums(src, "tricky"));
        assertThat(status(sandbox.replica(0), "Com_load") - loadsBefore).as("loadable rows went by LOAD DATA, in several batches")
                .isGreaterThanOrEqualTo(5);
        assertThat(status(sandbox.replica(0), "Com_insert") - insertsBefore).as("the BIT/POINT table went by INSERT").isPositive();
        assertThat(string(sandbox.replica(0), "SELECT @@GLOBAL.local_infile")).as("local_infile put back").isEqualTo(localInfileBefore);
        assertThat(ddl(sandbox.replica(0), "tricky")).as("deferred keys built back: same tables as the source")
                .isEqualTo(ddl(src, "tricky")).hasSize(7);
        assertThat(string(sandbox.replica(0), "SELECT @@GLOBAL." + sandbox.dialect().readOnlyVariable())).isEqualTo("1");

        // the same copy with INSERTs only (the path dump files use too): the same bytes
        exec(sandbox.replica(0), "SET GLOBAL " + sandbox.dialect().readOnlyVariable() + " = 0", "SET GLOBAL read_only = 0",
                "DROP DATABASE tricky", "SET GLOBAL read_only = 1");
        loadsBefore = status(sandbox.replica(0), "Com_load");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases("tricky").workers(2).chunkRows(1000)
                .maxStatementBytes(16 * 1024).build(), new DirectCopySink(replica, false));
        assertThat(rows(sandbox.replica(0), "tricky.loadable")).isEqualTo(rows(src, "tricky.loadable"));
        assertThat(checksums(sandbox.replica(0), "tricky")).isEqualTo(checksums(src, "tricky"));
        assertThat(status(sandbox.replica(0), "Com_load")).isEqualTo(loadsBefore);
        assertThat(ddl(sandbox.replica(0), "tricky")).isEqualTo(ddl(src, "tricky"));
    }

    /** SHOW CREATE TABLE of every table, without the AUTO_INCREMENT counter. */
    private static List<String> ddl(SandboxServer server, String database) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database
                    + "' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + database + "`.`" + t + "`")) {
                    rs.next();
                    out.add(rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
                }
            }
        }
        return out;
    }

    @SandboxTest(isolated = true)
    void aLoadTheServerTookOnlyInPart_isAnError_namingTheTableAndTheWarnings(Sandbox sandbox) throws Exception {
        ServerEndpoint replica = endpoint(sandbox.replica(0));
        new ReplicationAdmin(endpoint(sandbox.source()), replica).resetReplication(false);
        TableSpec spec = new TableSpec("narrow", "t", List.of("id", "v"), List.of(ValueKind.NUMBER, ValueKind.TEXT), List.of("id"),
                true, 2, true);
        DirectCopySink sink = new DirectCopySink(replica);
        try (sink) {
            sink.begin(new SnapshotHeader("test", ServerVersion.parse(string(sandbox.replica(0), "SELECT VERSION()")),
                    List.of("narrow"), "", Instant.now()));
            sink.database("narrow", "CREATE DATABASE `narrow`");
            // the target's column is narrower than the data: the server truncates with a warning
            sink.table(spec, "CREATE TABLE `t` (id INT PRIMARY KEY, v VARCHAR(3))");
            byte[] data = "1\tabc\n2\tabcdef\n".getBytes(StandardCharsets.UTF_8);
            SnapshotSink.RowWriter w = sink.rowWriter();
            assertThat(w.loadsRows(spec)).isTrue();
            w.load(spec, data, data.length, 2); // handed to a loader session: its failure comes back later
            assertThatThrownBy(w::close).as("the writer's close waits for its loads")
                    .isInstanceOf(AdminException.class)
                    .hasMessageContaining("narrow.t").hasMessageContaining("1265")
                    .hasMessageContaining("DirectCopySink(target, false)");
            assertThatThrownBy(() -> w.load(spec, data, data.length, 2)).as("after a failed load, the copy takes nothing more")
                    .isInstanceOf(AdminException.class).hasMessageContaining("narrow.t");
        }
        try (DirectCopySink again = new DirectCopySink(replica)) {
            again.begin(new SnapshotHeader("test", ServerVersion.parse(string(sandbox.replica(0), "SELECT VERSION()")),
                    List.of("narrow"), "", Instant.now()));
            again.table(spec, "CREATE TABLE `t` (id INT PRIMARY KEY, v VARCHAR(3))");
            byte[] one = "1\tabc\n".getBytes(StandardCharsets.UTF_8);
            SnapshotSink.RowWriter w = again.rowWriter();
            w.load(spec, one, one.length, 1);
            w.load(spec, one, one.length, 1);
            assertThatThrownBy(w::close).as("a duplicate key is skipped by LOCAL: caught by the count")
                    .isInstanceOf(AdminException.class).hasMessageContaining("took 0 of 1 rows");
        }
    }

    /**
     * One table, many batches, four loading sessions filling it at once while two readers feed
     * them: every row arrives exactly, and the deferred secondary key is built online while the last
     * third of the rows is still arriving. A small table beside it is created with its key: only tables
     * expected to hold the copy's minimum of rows (lowered to 1,000 here) get their keys afterwards.
     */
    @SandboxTest(isolated = true)
    void severalLoaders_fillOneTable_exactly_whileItsKeyIsBuiltOnline(Sandbox sandbox) throws Exception {
        SandboxServer src = sandbox.source();
        ServerEndpoint replica = endpoint(sandbox.replica(0));
        new ReplicationAdmin(endpoint(src), replica).resetReplication(false);
        exec(src, "CREATE DATABASE one",
                "CREATE TABLE one.products (id BIGINT AUTO_INCREMENT PRIMARY KEY, category_id INT NOT NULL, sku VARCHAR(40),"
                        + " name VARCHAR(100), price DECIMAL(10,2), created_at DATETIME, KEY idx_category (category_id))",
                "CREATE TABLE one.small (id INT PRIMARY KEY, v VARCHAR(10), KEY ix_v (v))",
                "INSERT INTO one.small VALUES (1, 'a'), (2, NULL)");
        for (int k = 0; k < 20; k++) {
            exec(src, "INSERT INTO one.products (category_id, sku, name, price, created_at) SELECT n % 97, CONCAT('SKU-', n + " + k * 1000
                    + "), CONCAT('name', CHAR(9), n, MD5(n)), n / 7, '2024-01-01' + INTERVAL n MINUTE FROM (" + numbers(1000) + ") x");
        }
        long loadsBefore = status(sandbox.replica(0), "Com_load");
        String since = strings(sandbox.replica(0), "SELECT NOW(6)").get(0);
        exec(sandbox.replica(0), "SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = 1");
        try {
            Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases("one").workers(2).chunkRows(500)
                    .maxStatementBytes(16 * 1024).build(), new DirectCopySink(replica, true, 4, 1000));
        } finally {
            exec(sandbox.replica(0), "SET GLOBAL general_log = 0");
        }
        // 40 chunks of a table with an AUTO_INCREMENT column: where its loads run one at a time (MariaDB's
        // innodb_autoinc_lock_mode 1) the key was added online once two thirds were in (KeyBuilds.tableNearlyCopied);
        // where they run in parallel (MySQL 8.0's 2) after the last load
        boolean serialized = Integer.parseInt(strings(sandbox.replica(0), "SELECT @@GLOBAL.innodb_autoinc_lock_mode").get(0)) < 2;
        assertThat(serialized).as("the sandbox's default lock mode").isEqualTo(sandbox.flavor() == ServerFlavor.MARIADB);
        List<String> alters = strings(sandbox.replica(0), "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log"
                + " WHERE event_time >= '" + since + "' AND CONVERT(argument USING utf8mb4) LIKE 'ALTER TABLE `products`%'");
        assertThat(alters).singleElement().asString().contains("ADD KEY `idx_category`");
        assertThat(strings(sandbox.replica(0), "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE event_time >= '"
                + since + "' AND CONVERT(argument USING utf8mb4) LIKE 'ALTER TABLE `small`%'"))
                .as("the 2-row table was created with its key, not given it afterwards").isEmpty();
        // MariaDB's loading sessions check unique keys (no "bulk insert" into an empty table: Dialect.bulkLoadSessionSetting)
        assertThat(strings(sandbox.replica(0), "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE event_time >= '"
                + since + "' AND CONVERT(argument USING utf8mb4) = 'SET SESSION UNIQUE_CHECKS = 1'"))
                .hasSize(sandbox.flavor() == ServerFlavor.MARIADB ? 4 : 0);
        if (serialized) {
            assertThat(alters.get(0)).endsWith("ALGORITHM=INPLACE, LOCK=NONE");
        } else {
            assertThat(alters.get(0)).doesNotContain("ALGORITHM");
        }
        assertThat(count(sandbox.replica(0), "SELECT COUNT(*) FROM one.products")).isEqualTo(20_000);
        assertThat(status(sandbox.replica(0), "Com_load") - loadsBefore).as("a load per chunk at least").isGreaterThanOrEqualTo(40);
        assertThat(checksums(sandbox.replica(0), "one")).isEqualTo(checksums(src, "one"));
        assertThat(rows(sandbox.replica(0), "one.products")).isEqualTo(rows(src, "one.products"));
        assertThat(ddl(sandbox.replica(0), "one")).isEqualTo(ddl(src, "one"));

        // once more into the same target, as after a failed attempt: the tables there are dropped and copied again
        exec(src, "UPDATE one.small SET v = 'changed'");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases("one").workers(2).build(), new DirectCopySink(replica));
        assertThat(checksums(sandbox.replica(0), "one")).isEqualTo(checksums(src, "one"));
        assertThat(rows(sandbox.replica(0), "one.small")).isEqualTo(rows(src, "one.small"));
    }

    @SandboxTest(isolated = true)
    void aLowIoCapacity_isRaisedForTheCopy_andPutBack_aHigherOneIsLeftAlone(Sandbox sandbox) throws Exception {
        SandboxServer rep = sandbox.replica(0);
        ServerEndpoint replica = endpoint(rep);
        new ReplicationAdmin(endpoint(sandbox.source()), replica).resetReplication(false);
        SnapshotHeader header = new SnapshotHeader("test", ServerVersion.parse(string(rep, "SELECT VERSION()")), List.of("io"), "",
                Instant.now());
        exec(rep, "SET GLOBAL innodb_io_capacity = 200", "SET GLOBAL innodb_io_capacity_max = 2000"); // both servers' defaults
        try (DirectCopySink sink = new DirectCopySink(replica)) {
            sink.begin(header);
            assertThat(string(rep, "SELECT @@GLOBAL.innodb_io_capacity")).isEqualTo(String.valueOf(TargetSessions.COPY_IO_CAPACITY));
            assertThat(Long.parseLong(string(rep, "SELECT @@GLOBAL.innodb_io_capacity_max")))
                    .isGreaterThanOrEqualTo(2L * TargetSessions.COPY_IO_CAPACITY);
        }
        assertThat(string(rep, "SELECT @@GLOBAL.innodb_io_capacity")).as("put back").isEqualTo("200");
        assertThat(string(rep, "SELECT @@GLOBAL.innodb_io_capacity_max")).as("put back").isEqualTo("2000");

        exec(rep, "SET GLOBAL innodb_io_capacity_max = 12000", "SET GLOBAL innodb_io_capacity = 5000"); // an operator's SSD setting
        try (DirectCopySink sink = new DirectCopySink(replica)) {
            sink.begin(header);
            assertThat(string(rep, "SELECT @@GLOBAL.innodb_io_capacity")).as("never lowered").isEqualTo("5000");
        }
        assertThat(string(rep, "SELECT @@GLOBAL.innodb_io_capacity")).isEqualTo("5000");
        assertThat(string(rep, "SELECT @@GLOBAL.innodb_io_capacity_max")).isEqualTo("12000");
    }

    private static List<String> strings(SandboxServer server, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String numbers(int n) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add("SELECT " + i + " AS n");
        }
        return String.join(" UNION ALL ", parts);
    }

    private static long status(SandboxServer server, String name) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** Every row, every column as hex (exact bytes), in key order. */
    private static List<String> rows(SandboxServer server, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    byte[] v = rs.getBytes(i);
                    sb.append(v == null ? "NULL" : java.util.HexFormat.of().formatHex(v)).append('|');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
