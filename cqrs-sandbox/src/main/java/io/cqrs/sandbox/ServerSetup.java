package io.cqrs.sandbox;

import io.cqrs.common.ServerFlavor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How one sandbox server is set up: its datadir initialisation, its command line and
 * environment, and the one-time preparation after its first start. {@link SandboxServer} keeps
 * the process life cycle.
 */
final class ServerSetup {

    /** The redo log file size the datadir template is initialized with (both flavours), in MiB. */
    static final int TEMPLATE_REDO_LOG_FILE_MIB = 32;
    /** Changes whenever the template's initialization does, so that a cached template of the old kind is not used. */
    private static final String TEMPLATE_REVISION = "r3";

    private final String name;
    private final ServerDistribution distribution;
    private final Path dir;
    /** {@code --innodb-log-file-size} in MiB; 0: the server's default. */
    private final int redoLogFileMib;

    ServerSetup(String name, ServerDistribution distribution, Path dir, int redoLogFileMib) {
        this.name = name;
        this.distribution = distribution;
        this.dir = dir;
        this.redoLogFileMib = redoLogFileMib;
    }

    private ServerFlavor flavor() {
        return distribution.flavor();
    }

    /**
     * A fresh datadir: a copy of a datadir the distribution initialized once (cached beside the
     * extracted binaries, made once across threads and JVMs). Initializing takes seconds of CPU
     * per server; copying takes a fraction of one. MySQL's copy loses its {@code auto.cnf}, so
     * every server still gets a {@code server_uuid} of its own.
     */
    void initializeDatadir() throws IOException {
        Path data = dir.resolve("data");
        Path tmpData = dir.resolve("data.init");
        Distributions.deleteTree(tmpData);
        Path template = Distributions.cacheDir().resolve("datadir-" + distribution.templateKey() + "-" + TEMPLATE_REVISION);
        Distributions.extractOnce(template, staging -> {
            Files.createDirectories(staging.resolve("tmp"));
            initialize(staging.resolve("data"), staging.resolve("tmp"), staging);
        });
        copyTree(template.resolve("data"), tmpData);
        if (flavor() == ServerFlavor.MYSQL) {
            Files.deleteIfExists(tmpData.resolve("auto.cnf")); // the server_uuid: each server makes its own
        }
        Files.move(tmpData, data);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Runs the distribution's own initialization into {@code datadir}; its output goes to {@code logDir}. */
    private void initialize(Path datadir, Path tmpdir, Path logDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (flavor() == ServerFlavor.MYSQL) {
            cmd.addAll(List.of(distribution.server().toString(), "--no-defaults", "--initialize-insecure",
                    "--user=" + System.getProperty("user.name"), "--basedir=" + distribution.baseDir(),
                    "--datadir=" + datadir, "--tmpdir=" + tmpdir, "--log-error=" + logDir.resolve("init.log"),
                    "--innodb-log-file-size=" + TEMPLATE_REDO_LOG_FILE_MIB + "M", "--innodb-buffer-pool-size=32M", "--innodb-use-native-aio=OFF"));
        } else {
            Files.createDirectories(datadir);
            cmd.addAll(List.of(distribution.installDb().orElseThrow().toString(), "--no-defaults",
                    "--user=" + System.getProperty("user.name"), "--basedir=" + distribution.baseDir(),
                    "--datadir=" + datadir, "--tmpdir=" + tmpdir,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--innodb-log-file-size=" + TEMPLATE_REDO_LOG_FILE_MIB + "M"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logDir.resolve("init.out").toFile());
        environment(pb);
        try {
            Process p = pb.start();
            if (!p.waitFor(SandboxServer.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SandboxException(name + ": initializing " + distribution.label() + " took longer than "
                        + SandboxServer.START_TIMEOUT.toSeconds() + " s; see " + logDir.resolve("init.out"));
            }
            if (p.exitValue() != 0) {
                throw new SandboxException(name + ": initializing the " + distribution.label() + " datadir failed (exit "
                        + p.exitValue() + "):\n" + ErrorLogs.tail(logDir.resolve("init.out"), 15)
                        + ErrorLogs.tail(logDir.resolve("init.log"), 15));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(name + ": interrupted while initializing", e);
        }
    }

    /** The server's command line: its own port, datadir, socket, pid file and logs; GTIDs and ROW binlogs on. */
    List<String> serverCommand(int port, int serverId, boolean replica, Path socket, Path errorLog) {
        List<String> cmd = new ArrayList<>(List.of(distribution.server().toString(), "--no-defaults",
                "--user=" + System.getProperty("user.name"),
                "--basedir=" + distribution.baseDir(),
                "--datadir=" + dir.resolve("data"),
                "--tmpdir=" + dir.resolve("tmp"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + socket,
                "--pid-file=" + dir.resolve("server.pid"),
                "--log-error=" + errorLog,
                "--server-id=" + serverId,
                "--report-host=127.0.0.1",
                "--report-port=" + port,
                "--log-bin=binlog",
                "--relay-log=relay",
                "--binlog-format=ROW",
                "--log-slave-updates=ON",
                "--skip-slave-start",
                "--max-connections=500",
                "--innodb-buffer-pool-size=64M",
                // no kernel AIO contexts: each server would take thousands of the machine's fs.aio-max-nr (65536),
                // and a machine running many servers at once then fails to start more (io_setup EAGAIN)
                "--innodb-use-native-aio=OFF",
                "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0"));
        if (redoLogFileMib > 0) {
            cmd.add("--innodb-log-file-size=" + redoLogFileMib + "M");
        }
        if (flavor() == ServerFlavor.MYSQL) {
            cmd.addAll(List.of("--mysqlx=OFF", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                    "--binlog-expire-logs-seconds=604800"));
            if (replica) {
                cmd.add("--super-read-only=ON");
            }
        } else {
            cmd.addAll(List.of("--gtid-strict-mode=ON", "--expire-logs-days=7",
                    "--lc-messages-dir=" + messagesDir()));
            if (replica) {
                cmd.add("--read-only=ON");
            }
        }
        return cmd;
    }

    /**
     * Once per datadir, MySQL only: root gets mysql_native_password (empty, loopback only) so
     * that every command-line client can connect, including MariaDB's, which has no
     * caching_sha2_password plugin. Other accounts keep the server default. Not binlogged,
     * so it adds no GTID.
     */
    void prepareFirstStart(Connection c, boolean replica) throws SQLException {
        Path marker = dir.resolve("data").resolve("cqrs-sandbox-prepared");
        if (flavor() != ServerFlavor.MYSQL || Files.exists(marker)) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            if (replica) {
                st.execute("SET GLOBAL super_read_only = OFF");
            }
            st.execute("ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY ''");
            if (replica) {
                st.execute("SET GLOBAL super_read_only = ON");
            }
            st.execute("SET SESSION sql_log_bin = 1");
        }
        try {
            Files.writeString(marker, "root uses mysql_native_password\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path messagesDir() {
        Path share = distribution.baseDir().resolve("share");
        if (Files.isDirectory(share.resolve("mariadb"))) {
            return share.resolve("mariadb");
        }
        if (Files.isDirectory(share.resolve("mysql"))) {
            return share.resolve("mysql");
        }
        return share;
    }

    Path socketPath() throws IOException {
        Path sock = dir.resolve("server.sock");
        if (sock.toAbsolutePath().toString().length() > 100) {
            // unix socket paths are limited to ~107 bytes
            Path shortDir = Files.createTempDirectory(Path.of("/tmp"), "cqrs");
            shortDir.toFile().deleteOnExit();
            sock = shortDir.resolve("s.sock");
        }
        return sock;
    }

    void environment(ProcessBuilder pb) {
        String ld = distribution.ldLibraryPath();
        if (!ld.isEmpty()) {
            String existing = pb.environment().get("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH", existing == null || existing.isEmpty() ? ld : ld + ":" + existing);
        }
        pb.environment().remove("MYSQL_PWD");
        pb.environment().put("TMPDIR", dir.resolve("tmp").toString());
    }
}
