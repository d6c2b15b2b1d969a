package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.ServerFlavor;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names and values a copy has to take as they are: a database and a table whose names hold a space, a backtick
 * and non-ASCII letters, a column named {@code key}; zero and partly zero dates a server without strict mode keeps; sjis
 * text with a backslash (restored through {@link Restorer} from the dump's hex);
 * MariaDB's UUID, INET6 and INET4 types. Copied straight into another server, then dumped to a file and restored,
 * both exact (the target's session runs without strict mode, as mysqldump's files do).
 */
class OddNamesAndValuesIT {

    @SandboxTest(isolated = true)
    void oddNamesAndValues_copyAndRestoreExactly(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        SandboxServer src = sandbox.source();
        ServerEndpoint replica = CopyTargets.detached(sandbox);
        List<String> sql = new ArrayList<>(List.of(
                "SET SESSION sql_mode = ''",
                "CREATE DATABASE `pr obe ü`",
                "CREATE TABLE `pr obe ü`.`ta``ble 表` (`key` INT PRIMARY KEY, `列 名` VARCHAR(10), d DATE, dt DATETIME, ts TIMESTAMP NULL, y YEAR,"
                        + " j VARCHAR(10) CHARACTER SET sjis)",
                "INSERT INTO `pr obe ü`.`ta``ble 表` VALUES (1, 'a', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0000,"
                        + " _sjis 0x955C5C), (2, NULL, '2024-02-00', '2024-00-10 10:00:00', NULL, 2024, NULL)"));
        if (flavor == ServerFlavor.MARIADB) {
            sql.add("CREATE TABLE `pr obe ü`.m (id INT PRIMARY KEY, u UUID, i6 INET6, i4 INET4)");
            sql.add("INSERT INTO `pr obe ü`.m VALUES (1, '123e4567-e89b-12d3-a456-426655440000', '::ffff:1.2.3.4', '10.0.0.1'), (2, NULL, NULL, NULL)");
        }
        exec(src, sql.toArray(String[]::new));
        assertThat(checksums(src, "pr obe ü")).hasSize(flavor == ServerFlavor.MARIADB ? 2 : 1).allSatisfy((t, sum) -> assertThat(sum).startsWith("rows=2 "));
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases("pr obe ü").build(), new DirectCopySink(replica));
        assertThat(checksums(sandbox.replica(0), "pr obe ü")).isEqualTo(checksums(src, "pr obe ü"));
        Path file = Files.createTempDirectory("probe").resolve("p.sql");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases("pr obe ü").build(), DumpFileSink.of(file));
        exec(sandbox.replica(0), "SET GLOBAL " + sandbox.dialect().readOnlyVariable() + " = 0", "SET GLOBAL read_only = 0",
                "DROP DATABASE `pr obe ü`");
        Restorer.restore(replica, file, RestoreOptions.defaults());
        assertThat(checksums(sandbox.replica(0), "pr obe ü")).isEqualTo(checksums(src, "pr obe ü"));
    }
}
