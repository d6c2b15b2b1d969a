package io.cqrs.admin.cli;

import io.cqrs.common.ServerFlavor;
import io.cqrs.sandbox.SandboxDirectory;
import io.cqrs.sandbox.SandboxTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.cqrs.admin.cli.CliIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's {@code docker compose stop} / {@code start}: {@code sandbox down --keep-data} stops the
 * servers and keeps their data, {@code sandbox up} with the same directory starts them again — same
 * ports, same rows, replicating — and {@code sandbox down} removes everything.
 */
class SandboxCliIT {

    @Test
    void downKeepData_thenUp_startsTheSameServersWithTheirData_andDownRemovesIt(@TempDir Path tmp) throws Exception {
        for (ServerFlavor flavor : ServerFlavor.values()) {
            Path dir = tmp.resolve(flavor.name().toLowerCase(Locale.ROOT));
            try {
                CliIT.Run up = cli("sandbox", "up", "--flavor", flavor.name().toLowerCase(Locale.ROOT), "--dir", dir.toString());
                assertThat(up.exit()).as(up.out() + up.err()).isEqualTo(ExitCodes.OK);
                List<SandboxDirectory.Instance> first = SandboxDirectory.read(dir);
                int source = first.get(0).port();
                int replica = first.get(1).port();
                exec(source, "CREATE DATABASE kept", "CREATE TABLE kept.t (id INT PRIMARY KEY)", "INSERT INTO kept.t VALUES (1)");
                awaitRows(replica, 1);

                CliIT.Run down = cli("sandbox", "down", "--keep-data", "--dir", dir.toString());
                assertThat(down.exit()).as(down.out() + down.err()).isEqualTo(ExitCodes.OK);
                assertThat(down.out()).contains("source: stopped").contains("replica-1: stopped");
                CliIT.Run stopped = cli("sandbox", "status", "--dir", dir.toString());
                assertThat(stopped.exit()).isEqualTo(ExitCodes.UNHEALTHY);
                assertThat(stopped.out()).contains("NOT RUNNING");

                String other = flavor == ServerFlavor.MYSQL ? "mariadb" : "mysql";
                CliIT.Run wrongFlavor = cli("sandbox", "up", "--flavor", other, "--dir", dir.toString());
                assertThat(wrongFlavor.exit()).isNotEqualTo(ExitCodes.OK);
                assertThat(wrongFlavor.err()).contains("is " + flavor.displayName()).contains("--flavor " + flavor.name().toLowerCase(Locale.ROOT));
                CliIT.Run wrongCount = cli("sandbox", "up", "--flavor", flavor.name().toLowerCase(Locale.ROOT), "--replicas", "2",
                        "--dir", dir.toString());
                assertThat(wrongCount.exit()).isNotEqualTo(ExitCodes.OK);
                assertThat(wrongCount.err()).contains("has 1 replica(s)").contains("--replicas 1");

                CliIT.Run again = cli("sandbox", "up", "--flavor", flavor.name().toLowerCase(Locale.ROOT), "--dir", dir.toString());
                assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(ExitCodes.OK);
                assertThat(again.out()).contains("starting the sandbox kept in").contains("127.0.0.1:" + source);
                assertThat(SandboxDirectory.read(dir)).extracting(SandboxDirectory.Instance::port).containsExactly(source, replica);
                assertThat(count(replica)).as("the replica's rows kept").isEqualTo(1);
                exec(source, "INSERT INTO kept.t VALUES (2)");
                awaitRows(replica, 2);
                CliIT.Run twice = cli("sandbox", "up", "--flavor", flavor.name().toLowerCase(Locale.ROOT), "--dir", dir.toString());
                assertThat(twice.exit()).isNotEqualTo(ExitCodes.OK);
                assertThat(twice.err()).contains("already runs");

                CliIT.Run gone = cli("sandbox", "down", "--dir", dir.toString());
                assertThat(gone.exit()).isEqualTo(ExitCodes.OK);
                assertThat(dir).doesNotExist();
            } finally {
                if (dir.resolve("sandbox.properties").toFile().exists()) {
                    SandboxDirectory.stop(dir, true);
                }
            }
        }
    }

    private static void exec(int port, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
             Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static long count(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kept.t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitRows(int replica, long rows) {
        SandboxTools.await("the replica on port " + replica + " has " + rows + " row(s) in kept.t", Duration.ofSeconds(30), () -> {
            try {
                return count(replica) == rows;
            } catch (Exception notYet) {
                return false; // the table has not reached the replica yet
            }
        });
    }
}
