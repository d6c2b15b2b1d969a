package io.cqrs.sandbox;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One MySQL or MariaDB server run by the sandbox as a child process: its own port on
 * 127.0.0.1, datadir, socket, tmpdir, pid file and error log under one directory. It is
 * stopped by pid (graceful, then forced), never by name, and a JVM shutdown hook stops it if
 * the owner did not.
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final ServerDistribution distribution;
    private final Path dir;
    private final int serverId;
    private final boolean replica;
    private final boolean requestedPort;
    private final boolean stopOnJvmExit;
    private volatile int port;
    private volatile Process process;
    private volatile long pid = -1;
    private volatile boolean paused;
    private volatile ServerVersion version;
    private final ServerSetup setup;

    /** {@code redoLogFileMib}: see {@link Sandbox.Builder#redoLogFileMib}; 0 for the server's default. */
    SandboxServer(String name, ServerDistribution distribution, Path dir, int serverId, boolean replica, int port,
                  boolean stopOnJvmExit, int redoLogFileMib) {
        this.name = name;
        this.distribution = distribution;
        this.dir = dir;
        this.serverId = serverId;
        this.replica = replica;
        this.requestedPort = port > 0;
        this.port = port;
        this.stopOnJvmExit = stopOnJvmExit;
        this.setup = new ServerSetup(name, distribution, dir, redoLogFileMib);
    }

    /** The server's name in the sandbox ("source", "replica-1", ...). */
    public String name() {
        return name;
    }

    /** The server flavour. */
    public ServerFlavor flavor() {
        return distribution.flavor();
    }

    /** The binaries this server runs. */
    public ServerDistribution distribution() {
        return distribution;
    }

    /** The version the running server reports ({@code SELECT VERSION()}); known once started. */
    public ServerVersion version() {
        return version;
    }

    /** The address the server listens on: always 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port. */
    public int port() {
        return port;
    }

    /** The server's {@code server_id}. */
    public int serverId() {
        return serverId;
    }

    /** True for a replica. */
    public boolean isReplica() {
        return replica;
    }

    /** The process id, or -1 when not running. */
    public long pid() {
        return pid;
    }

    /** The server's own directory (datadir, socket, pid file, tmpdir, error log). */
    public Path directory() {
        return dir;
    }

    /** The server's error log. */
    public Path errorLog() {
        return dir.resolve("error.log");
    }

    /** The administrative account: root. */
    public String user() {
        return "root";
    }

    /** The sandbox's root account has no password; it listens on 127.0.0.1 only. */
    public String password() {
        return "";
    }

    /** A Connector/J URL for this server with no default database. */
    public String jdbcUrl() {
        return jdbcUrl("");
    }

    /** A Connector/J URL for this server and database. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host() + ":" + port + "/" + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=2000";
    }

    /** A new root connection (caller closes it). */
    public Connection connect() throws SQLException {
        return connect("");
    }

    /** A new root connection to {@code database} (caller closes it). */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        long deadline = System.nanoTime() + ACL_RELOAD_GRACE.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(jdbcUrl(database), p);
            } catch (SQLException e) {
                // MariaDB answers 1130 "Host 'localhost' is not allowed" for a moment while it
                // reloads its grant tables (seen on a replica applying a replicated CREATE USER)
                boolean aclReload = e.getErrorCode() == 1130
                        || (e.getMessage() != null && e.getMessage().contains("is not allowed to connect to this"));
                if (!aclReload || System.nanoTime() > deadline) {
                    throw e;
                }
                Ports.sleep(50);
            }
        }
    }

    /** How long {@link #connect} keeps retrying MariaDB's transient error 1130. */
    private static final Duration ACL_RELOAD_GRACE = Duration.ofSeconds(3);

    /** True while the server process is alive. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** True while the server is stopped by {@link #pause()}. */
    public boolean isPaused() {
        return paused;
    }

    // ------------------------------------------------------------------ life cycle

    /** Initializes the datadir when new, starts the server and waits until it accepts connections. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(dir.resolve("tmp"));
            if (!Files.exists(dir.resolve("data"))) {
                setup.initializeDatadir();
            }
            int attempts = requestedPort ? 1 : 3;
            for (int attempt = 1; ; attempt++) {
                if (!requestedPort && (port == 0 || attempt > 1)) {
                    port = Ports.freePort();
                } else if (requestedPort) {
                    Ports.checkPortFree(port);
                }
                try {
                    launch();
                    return;
                } catch (PortTakenException e) {
                    if (attempt >= attempts) {
                        throw new SandboxException(name + ": port " + port + " on 127.0.0.1 is already in use; "
                                + (requestedPort ? "choose another port or leave it unset to pick a free one" : "gave up after " + attempts + " tries"));
                    }
                    log.debug("{}: port {} was taken between choosing and binding, retrying", name, port);
                }
            }
        } catch (IOException e) {
            throw new SandboxException(name + ": cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    private void launch() throws IOException {
        Path errorLog = errorLog();
        long logStart = Files.exists(errorLog) ? Files.size(errorLog) : 0;
        List<String> cmd = setup.serverCommand(port, serverId, replica, setup.socketPath(), errorLog);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
        setup.environment(pb);
        Process p = pb.start();
        process = p;
        pid = p.pid();
        paused = false;
        if (stopOnJvmExit) {
            ServerReaper.register(this);
        }
        writeRuntimeInfo();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                process = null;
                pid = -1;
                String tail = ErrorLogs.tailFrom(errorLog, logStart, 20);
                if (tail.contains("Address already in use") || tail.contains("Bind on TCP/IP port")) {
                    throw new PortTakenException();
                }
                throw new SandboxException(name + ": " + distribution.label() + " exited with code " + p.exitValue()
                        + " during start-up; last lines of " + errorLog + ":\n" + tail);
            }
            Connection c;
            try {
                c = connect();
            } catch (SQLException e) {
                last = e;
                Ports.sleep(100);
                continue;
            }
            try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION(), @@datadir")) {
                rs.next();
                if (!isOurDatadir(rs.getString(2))) {
                    // another server (another sandbox, another build on this machine) owns the
                    // port: ours will fail to bind. Never prepare or replicate the wrong server.
                    log.debug("{}: 127.0.0.1:{} answered with datadir {}, not ours", name, port, rs.getString(2));
                    stopProcess(p, Duration.ofSeconds(10));
                    process = null;
                    pid = -1;
                    ServerReaper.unregister(this);
                    throw new PortTakenException();
                }
                version = ServerVersion.parse(rs.getString(1));
                setup.prepareFirstStart(c, replica);
                log.info("{}: {} ready on 127.0.0.1:{} (pid {}, server_id {})", name, version, port, pid, serverId);
                return;
            } catch (SQLException e) {
                stopProcess(p, Duration.ofSeconds(10));
                throw new SandboxException(name + ": " + distribution.label() + " started but could not be prepared: " + e.getMessage(), e);
            }
        }
        stopProcess(p, Duration.ofSeconds(5));
        throw new SandboxException(name + ": " + distribution.label() + " did not accept connections on 127.0.0.1:" + port
                + " within " + START_TIMEOUT.toSeconds() + " s (last error: " + (last == null ? "none" : last.getMessage())
                + "); see " + errorLog);
    }

    private boolean isOurDatadir(String reported) {
        if (reported == null) {
            return false;
        }
        try {
            return Path.of(reported).toRealPath().equals(dir.resolve("data").toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void writeRuntimeInfo() throws IOException {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("flavor", flavor().name());
        p.setProperty("port", Integer.toString(port));
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("serverId", Integer.toString(serverId));
        p.setProperty("role", replica ? "replica" : "source");
        p.setProperty("distribution", distribution.label());
        try (var w = Files.newBufferedWriter(dir.resolve("instance.properties"), StandardCharsets.UTF_8)) {
            p.store(w, "cqrs sandbox instance (no secrets)");
        }
    }

    /** Graceful shutdown (SIGTERM, wait), then SIGKILL if it does not exit in time. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        if (paused) {
            signal("CONT");
            paused = false;
        }
        stopProcess(p, STOP_TIMEOUT);
        process = null;
        pid = -1;
        ServerReaper.unregister(this);
        log.info("{}: stopped", name);
    }

    private static void stopProcess(Process p, Duration timeout) {
        p.destroy();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("server pid {} did not stop within {} s; killing it", p.pid(), timeout.toSeconds());
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Last resort of the shutdown hook when a graceful stop failed. */
    void destroyForcibly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** SIGKILL, as a crash would; waits until the process is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        pid = -1;
        paused = false;
        ServerReaper.unregister(this);
        log.info("{}: killed (SIGKILL)", name);
    }

    /** SIGSTOP: the server keeps its sockets but answers nothing, as a hung host would. */
    public synchronized void pause() {
        requireRunning("pause");
        signal("STOP");
        paused = true;
        log.info("{}: paused (SIGSTOP)", name);
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        requireRunning("resume");
        signal("CONT");
        paused = false;
        log.info("{}: resumed (SIGCONT)", name);
    }

    /** Graceful stop and start on the same datadir, and on the same port unless another server took it meanwhile. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    private void requireRunning(String what) {
        if (!isRunning()) {
            throw new SandboxException(name + " is not running; cannot " + what + " it");
        }
    }

    private void signal(String sig) {
        String out = Distributions.tryRun(List.of("kill", "-" + sig, Long.toString(pid)), java.util.Map.of());
        if (out == null) {
            throw new SandboxException(name + ": kill -" + sig + " " + pid + " failed");
        }
    }

    // ------------------------------------------------------------------ helpers

    @Override
    public String toString() {
        return name + "[" + distribution.label() + " 127.0.0.1:" + port + ", server_id " + serverId
                + (pid > 0 ? ", pid " + pid : ", stopped") + "]";
    }

    private static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException() {
            super(null, null, false, false);
        }
    }
}
