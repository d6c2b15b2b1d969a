package io.cqrs.sandbox;

import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxIT {

    @SandboxTest
    void rowWrittenOnSource_isReadOnReplica(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        assertThat(sandbox.source().version().flavor()).isEqualTo(flavor);
        String table = "sandbox_it_" + flavor.name().toLowerCase();
        try (Connection c = sandbox.source().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS it");
            st.execute("CREATE TABLE IF NOT EXISTS it." + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
            st.execute("REPLACE INTO it." + table + " VALUES (1, 'written on the source')");
        }
        sandbox.sync(Duration.ofSeconds(20));
        try (Connection c = sandbox.replica(0).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, @@server_id FROM it." + table + " WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("written on the source");
            assertThat(rs.getInt(2)).isEqualTo(sandbox.replica(0).serverId()).isNotEqualTo(sandbox.source().serverId());
        }
    }

    @SandboxTest
    void replicaIsReadOnlyAndReplicating(Sandbox sandbox) throws Exception {
        var status = sandbox.replicaStatus(sandbox.replica(0));
        assertThat(status).containsEntry("Slave_IO_Running", "Yes").containsEntry("Slave_SQL_Running", "Yes");
        try (Connection c = sandbox.replica(0).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.read_only")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /** Test sandboxes keep the datadir template's redo log size ({@link Sandbox#TEST_REDO_LOG_FILE_MIB}); see the next test for the default. */
    @SandboxTest
    void testSandboxes_runWithTheTemplatesSmallRedoLog(Sandbox sandbox) throws Exception {
        for (SandboxServer s : sandbox.servers()) {
            assertThat(redoLogFileBytes(s)).as(s.name()).isEqualTo((long) Sandbox.TEST_REDO_LOG_FILE_MIB << 20);
        }
        assertThatThrownBy(() -> Sandbox.builder().redoLogFileMib(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redoLogFileMib = 2").hasMessageContaining("4-4096");
    }

    private static long redoLogFileBytes(SandboxServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.innodb_log_file_size")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SandboxTest
    void bundledCommandLineClient_connectsToBothFlavours(Sandbox sandbox) throws Exception {
        ServerDistribution mariaDb = Distributions.resolve(ServerFlavor.MARIADB);
        Process p = mariaDb.clientProcess(java.util.List.of("--protocol=TCP", "-h127.0.0.1", "-P" + sandbox.source().port(),
                "-uroot", "--batch", "--skip-column-names", "-e", "SELECT @@server_id"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo(Integer.toString(sandbox.source().serverId()));
    }

    @SandboxTest(isolated = true)
    void killPauseResumeRestart_behave(Sandbox sandbox) throws Exception {
        SandboxServer replica = sandbox.replica(0);
        long pid = replica.pid();
        assertThat(ProcessHandle.of(pid)).isPresent();

        replica.pause();
        assertThat(replica.isPaused()).isTrue();
        assertThatThrownBy(() -> {
            try (Connection c = java.sql.DriverManager.getConnection(replica.jdbcUrl() + "&socketTimeout=500&connectTimeout=500", "root", "")) {
                c.createStatement().executeQuery("SELECT 1");
            }
        }).isInstanceOf(SQLException.class);
        replica.resume();
        assertThat(ping(replica)).isEqualTo(1);

        int port = replica.port();
        replica.restart();
        assertThat(replica.port()).isEqualTo(port);
        assertThat(replica.pid()).isNotEqualTo(pid);
        assertThat(ping(replica)).isEqualTo(1);

        long beforeKill = replica.pid();
        replica.kill();
        assertThat(replica.isRunning()).isFalse();
        assertThat(ProcessHandle.of(beforeKill).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        replica.start();
        assertThat(ping(replica)).isEqualTo(1);
        // after a crash and restart with --skip-slave-start, replication is started again by hand
        try (Connection c = replica.connect(); Statement st = c.createStatement()) {
            st.execute(sandbox.dialect().startReplica());
        }
        try (Connection c = sandbox.source().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS after_restart");
        }
        sandbox.sync(Duration.ofSeconds(30));
    }

    @Test
    void twoSandboxesInParallel_doNotCollide() throws Exception {
        CompletableFuture<Sandbox> a = CompletableFuture.supplyAsync(() -> Sandbox.builder().flavor(ServerFlavor.MARIADB).replicas(1).start());
        CompletableFuture<Sandbox> b = CompletableFuture.supplyAsync(() -> Sandbox.builder().flavor(ServerFlavor.MARIADB).replicas(1).start());
        try (Sandbox one = a.join(); Sandbox two = b.join()) {
            assertThat(one.directory()).isNotEqualTo(two.directory());
            // a sandbox built without redoLogFileMib runs with the server's own redo log size (MariaDB: 96 MiB)
            assertThat(redoLogFileBytes(one.source())).isEqualTo(96L << 20);
            assertThat(one.servers()).extracting(SandboxServer::port).doesNotContainAnyElementsOf(two.servers().stream().map(SandboxServer::port).toList());
            one.sync();
            two.sync();
        }
    }

    @Test
    void occupiedPort_givesClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Sandbox.builder().flavor(ServerFlavor.MARIADB).replicas(0).sourcePort(taken.getLocalPort()).start())
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("choose another port");
        }
    }

    @Test
    void portTakenByAnotherServerWhileStopped_restartMovesToAFreePortInsteadOfAdoptingIt() throws Exception {
        try (Sandbox a = Sandbox.builder().flavor(ServerFlavor.MARIADB).replicas(0).start()) {
            SandboxServer server = a.source();
            int oldPort = server.port();
            server.stop();
            // another server (here: another sandbox) binds the port while ours is down
            try (Sandbox b = Sandbox.builder().flavor(ServerFlavor.MARIADB).replicas(0).sourcePort(oldPort).firstServerId(77).start()) {
                server.start();
                assertThat(server.port()).isNotEqualTo(oldPort);
                try (Connection c = server.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT @@server_id")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("server_id behind our server's port").isEqualTo(1);
                }
                assertThat(ping(b.source())).isEqualTo(1);
            }
        }
    }

    @Test
    void missingBinaries_giveClearError() {
        System.setProperty("cqrs.mysqld", "/nonexistent/bin/mysqld");
        try {
            assertThatThrownBy(() -> Distributions.resolveUncached(ServerFlavor.MYSQL))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("CQRS_MYSQLD=/nonexistent/bin/mysqld")
                    .hasMessageContaining("not an executable");
        } finally {
            System.clearProperty("cqrs.mysqld");
        }
    }

    @Test
    void closedSandbox_leavesNoProcess_aTemporaryOneNoFiles_oneWithItsOwnDirectoryItsFilesAfterAGracefulStop(@TempDir Path tmp)
            throws Exception {
        Sandbox s = Sandbox.builder().flavor(ServerFlavor.MYSQL).replicas(1).start();
        var pids = s.servers().stream().map(SandboxServer::pid).toList();
        var dir = s.directory();
        s.close();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
        }
        assertThat(dir).doesNotExist();

        Sandbox kept = Sandbox.builder().flavor(ServerFlavor.MARIADB).replicas(0).directory(tmp.resolve("kept")).start();
        long pid = kept.source().pid();
        Path errorLog = kept.source().errorLog();
        kept.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
        assertThat(errorLog).exists();
        assertThat(Files.readString(errorLog)).as("a graceful shutdown").contains("Shutdown complete");
    }

    private static int ping(SandboxServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
