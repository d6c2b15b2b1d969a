package io.cqrs.sandbox;

import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.admin.AdminException;
import io.cqrs.admin.replication.ReplicationStatus;
import io.cqrs.admin.replication.ReplicationThreads;
import io.cqrs.common.ServerFlavor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A source and N replicas of one flavour, started as local processes and replicating with
 * GTID auto-positioning — what MySQL Shell's {@code dba.deploySandboxInstance} or dbdeployer
 * give people, from Maven artifacts and with no Docker.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().flavor(ServerFlavor.MYSQL).replicas(1).start()) {
 *     try (Connection c = sandbox.source().connect()) { ... }
 *     sandbox.sync();   // replicas have applied everything the source has
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    /** The account replicas use to connect to the source. */
    public static final String REPLICATION_USER = ReplicationSource.DEFAULT_USER;

    private final ServerFlavor flavor;
    private final Path dir;
    private final boolean temporary;
    private final SandboxServer source;
    private final List<SandboxServer> replicas;
    private final String replicationPassword;
    private volatile boolean closed;

    private Sandbox(Builder b, Path dir, boolean temporary) {
        this(b, dir, temporary, null, randomPassword());
    }

    /**
     * {@code kept}: the servers a stopped sandbox recorded in {@code dir} (source first), started again on
     * their datadirs, ports and server ids; null for a new sandbox.
     */
    private Sandbox(Builder b, Path dir, boolean temporary, List<SandboxDirectory.Instance> kept, String replicationPassword) {
        this.flavor = b.flavor;
        this.dir = dir;
        this.temporary = temporary;
        ServerDistribution dist = Distributions.resolve(b.flavor);
        this.source = kept == null
                ? new SandboxServer("source", dist, dir.resolve("source"), b.firstServerId, false, b.sourcePort, b.stopOnJvmExit, b.redoLogFileMib)
                : new SandboxServer("source", dist, dir.resolve("source"), kept.get(0).serverId(), false,
                        b.sourcePort > 0 ? b.sourcePort : kept.get(0).port(), b.stopOnJvmExit, b.redoLogFileMib);
        List<SandboxServer> r = new ArrayList<>();
        for (int i = 1; i <= b.replicas; i++) {
            r.add(kept == null
                    ? new SandboxServer("replica-" + i, dist, dir.resolve("replica-" + i), b.firstServerId + i, true, 0, b.stopOnJvmExit,
                            b.redoLogFileMib)
                    : new SandboxServer("replica-" + i, dist, dir.resolve("replica-" + i), kept.get(i).serverId(), true,
                            kept.get(i).port(), b.stopOnJvmExit, b.redoLogFileMib));
        }
        this.replicas = List.copyOf(r);
        this.replicationPassword = replicationPassword;
    }

    /**
     * Starts again the sandbox that {@code 'sandbox down --keep-data'} (or {@link #close()} of a sandbox
     * with its own directory) left in {@code dir} ({@link SandboxDirectory#kept}): the same servers,
     * ports and server ids on their datadirs, replicating again with the same replication account.
     */
    private static Sandbox reopen(Builder b, Path dir) {
        SandboxDirectory.Kept kept = SandboxDirectory.kept(dir, b.flavor, b.replicas);
        Sandbox s = new Sandbox(b, dir, false, kept.servers(), kept.replicationPassword());
        s.startAll();
        return s;
    }

    /** The redo log file size of test sandboxes ({@link Builder#redoLogFileMib}): what their datadir template has. */
    public static final int TEST_REDO_LOG_FILE_MIB = ServerSetup.TEMPLATE_REDO_LOG_FILE_MIB;

    /** A builder: MySQL, one replica, a temporary directory unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server flavour of every server in this sandbox. */
    public ServerFlavor flavor() {
        return flavor;
    }

    /** The directory holding every server's datadir, socket, logs and pid file. */
    public Path directory() {
        return dir;
    }

    /** The source server. */
    public SandboxServer source() {
        return source;
    }

    /** The replicas, in order. */
    public List<SandboxServer> replicas() {
        return replicas;
    }

    /** The i-th replica, counting from 0. */
    public SandboxServer replica(int i) {
        return replicas.get(i);
    }

    /** All servers, source first. */
    public List<SandboxServer> servers() {
        List<SandboxServer> all = new ArrayList<>(replicas.size() + 1);
        all.add(source);
        all.addAll(replicas);
        return all;
    }

    /** The dialect of the running servers. */
    public Dialect dialect() {
        return Dialect.forVersion(source.version());
    }

    /** The replication account the replicas use, and its (generated) password. Never logged. */
    public ReplicationSource replicationSource() {
        return new ReplicationSource(source.host(), source.port(), REPLICATION_USER, replicationPassword, 1);
    }

    /** The file holding the replication password (mode 0600), for tools that read secrets from files. */
    public Path replicationPasswordFile() {
        return dir.resolve("repl.password");
    }

    private void startAll() {
        try {
            Files.createDirectories(dir);
            Path pw = replicationPasswordFile();
            Files.writeString(pw, replicationPassword, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            Properties p = new Properties();
            p.setProperty("flavor", flavor.name());
            p.setProperty("servers", String.join(",", servers().stream().map(SandboxServer::name).toList()));
            try (var w = Files.newBufferedWriter(dir.resolve("sandbox.properties"), StandardCharsets.UTF_8)) {
                p.store(w, "cqrs sandbox (no secrets; the replication password is in repl.password)");
            }
        } catch (IOException e) {
            throw new SandboxException("cannot create the sandbox directory " + dir + ": " + e.getMessage(), e);
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (SandboxServer s : servers()) {
            starts.add(CompletableFuture.runAsync(s::start));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof SandboxException se ? se : new SandboxException(e.getCause().getMessage(), e.getCause());
        }
        try {
            wireReplication();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void wireReplication() {
        Dialect d = dialect();
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            st.execute(d.createReplicationUser(REPLICATION_USER, "%", replicationPassword));
            st.execute(d.grantReplication(REPLICATION_USER, "%"));
        } catch (SQLException e) {
            throw new SandboxException("cannot create the replication user on " + source + ": " + Dialect.mask(e.getMessage()), e);
        }
        for (SandboxServer r : replicas) {
            try (Connection c = r.connect(); Statement st = c.createStatement()) {
                st.execute(d.changeSource(replicationSource()));
                st.execute(d.startReplica());
            } catch (SQLException e) {
                throw new SandboxException("cannot start replication on " + r + ": " + Dialect.mask(e.getMessage()), e);
            }
        }
        for (SandboxServer r : replicas) {
            awaitThreadsRunning(r, Duration.ofSeconds(60));
        }
        sync(Duration.ofSeconds(60));
        log.info("sandbox {}: {} replicating to {}", flavor.displayName(), source, replicas);
    }

    private void awaitThreadsRunning(SandboxServer r, Duration timeout) {
        ReplicationStatus s;
        // r.connect(): it rides out MariaDB's moment of 1130 while the replica applies the replication user's CREATE USER
        try (Connection c = r.connect()) {
            s = ReplicationThreads.awaitRunning(c, dialect(), r.host() + ":" + r.port(), timeout);
        } catch (AdminException | SQLException e) {
            throw new SandboxException(r.name() + ": cannot read the replication status: " + e.getMessage(), e);
        }
        if (!ReplicationThreads.running(s)) {
            throw new SandboxException(r.name() + " did not start replicating within " + timeout.toSeconds() + " s: " + describe(s));
        }
    }

    /** Waits until every replica has applied everything the source has now. */
    public void sync() {
        sync(Duration.ofSeconds(30));
    }

    /** Like {@link #sync()}, waiting at most {@code timeout}. */
    public void sync(Duration timeout) {
        Dialect d = dialect();
        String gtids;
        try (Connection c = source.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(d.selectExecutedGtids())) {
            rs.next();
            gtids = rs.getString(1);
        } catch (SQLException e) {
            throw new SandboxException("cannot read the source's GTIDs from " + source + ": " + e.getMessage(), e);
        }
        for (SandboxServer r : replicas) {
            if (!r.isRunning()) {
                continue;
            }
            try (Connection c = r.connect()) {
                if (!d.awaitGtids(c, gtids, timeout)) {
                    throw new SandboxException(r.name() + " did not apply the source's GTIDs " + gtids + " within "
                            + d.waitSeconds(timeout) + " s (" + describe(ReplicationThreads.status(c, d)) + ")");
                }
            } catch (SQLException e) {
                throw new SandboxException("cannot wait for GTIDs on " + r + ": " + e.getMessage(), e);
            }
        }
    }

    /** The replica's SHOW REPLICA/SLAVE STATUS row as column → value (empty when not configured). */
    public Map<String, String> replicaStatus(SandboxServer replica) {
        try (Connection c = replica.connect()) {
            return ReplicationThreads.statusRow(c, dialect());
        } catch (SQLException e) {
            throw new SandboxException("cannot read the replication status of " + replica + ": " + e.getMessage(), e);
        }
    }

    private static String describe(ReplicationStatus s) {
        return "IO thread " + s.ioThread() + ", SQL thread " + (s.sqlThreadRunning() ? "running" : "stopped")
                + ", last IO error: " + s.lastIoError() + ", last SQL error: " + s.lastSqlError();
    }

    /**
     * Ends the sandbox. One with a {@linkplain Builder#directory directory} of its own stops every
     * server gracefully (the replicas in parallel, then the source) and keeps its files; a temporary one is {@linkplain #discard
     * discarded}: its directory is deleted, so a graceful stop would only wait (MySQL 8.0.15 takes
     * about 10 s to shut down a source).
     */
    @Override
    public synchronized void close() {
        if (temporary) {
            discard();
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        // the replicas first, then the source's binlog dump threads (BinlogDumps), then the source
        RuntimeException failure = stopAll(replicas);
        endBinlogDumps();
        RuntimeException sourceFailure = stopAll(List.of(source));
        failure = failure != null ? failure : sourceFailure;
        if (failure != null) {
            throw failure;
        }
    }

    /** Ends the source's binlog dump threads before it stops ({@link BinlogDumps}). */
    private void endBinlogDumps() {
        if (!source.isRunning()) {
            return;
        }
        try (Connection c = source.connect()) {
            BinlogDumps.end(c);
        } catch (SQLException e) {
            log.debug("{}: binlog dump threads not ended before the stop: {}", source, e.getMessage());
        }
    }

    /** Stops {@code servers} gracefully, in parallel; the first failure, or null. */
    private static RuntimeException stopAll(List<SandboxServer> servers) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (SandboxServer s : servers) {
            stops.add(CompletableFuture.runAsync(s::stop));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Void> f : stops) {
            try {
                f.join();
            } catch (CompletionException e) {
                failure = failure == null ? new SandboxException("stopping the sandbox failed", e.getCause()) : failure;
            }
        }
        return failure;
    }

    /**
     * Ends a throwaway sandbox fast: every server gets SIGKILL (no graceful shutdown, which takes
     * seconds per server) and a temporary sandbox's directory is deleted. For tests whose servers
     * nobody needs afterwards; {@link #close()} is the normal way.
     */
    public synchronized void discard() {
        if (closed) {
            return;
        }
        closed = true;
        for (SandboxServer s : servers()) {
            s.kill();
        }
        if (temporary) {
            try {
                Distributions.deleteTree(dir);
            } catch (IOException e) {
                log.warn("could not delete sandbox directory {}: {}", dir, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "Sandbox[" + flavor.displayName() + ", " + dir + ", " + servers() + "]";
    }

    private static String randomPassword() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return "Rp" + HexFormat.of().formatHex(b);
    }

    /** Builds and starts a {@link Sandbox}. */
    public static final class Builder {
        private ServerFlavor flavor = ServerFlavor.MYSQL;
        private int replicas = 1;
        private Path directory;
        private int sourcePort;
        private int firstServerId = 1;
        private boolean stopOnJvmExit = true;
        private int redoLogFileMib;

        private Builder() {
        }

        /** The server flavour. */
        public Builder flavor(ServerFlavor flavor) {
            this.flavor = Objects.requireNonNull(flavor, "flavor");
            return this;
        }

        /** Parses "mysql" or "mariadb" (case-insensitive). */
        public Builder flavor(String flavor) {
            try {
                return flavor(ServerFlavor.valueOf(flavor.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown server flavour '" + flavor + "'; use mysql or mariadb");
            }
        }

        /** How many replicas, 0 to 8. */
        public Builder replicas(int replicas) {
            if (replicas < 0 || replicas > 8) {
                throw new IllegalArgumentException("replicas = " + replicas + " is out of range; use 0 to 8");
            }
            this.replicas = replicas;
            return this;
        }

        /** Where the servers' files go; kept on close. Default: a temporary directory deleted on close (its servers killed, see {@link Sandbox#close}). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** A fixed port for the source (default: a free port). Replicas always get free ports. */
        public Builder sourcePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("sourcePort = " + port + " is out of range; use 1-65535, or 0 for a free port");
            }
            this.sourcePort = port;
            return this;
        }

        /** The source's server id; replicas get the next ones. */
        public Builder firstServerId(int id) {
            if (id < 1) {
                throw new IllegalArgumentException("firstServerId = " + id + " must be at least 1");
            }
            this.firstServerId = id;
            return this;
        }

        /**
         * Whether a JVM shutdown hook stops the servers (default true). The CLI's
         * {@code sandbox up} turns it off so the servers outlive the command.
         */
        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        /**
         * The size of the servers' InnoDB redo log files in MiB ({@code --innodb-log-file-size}); 0, the default,
         * keeps the server's own (MySQL 8.0: two files of 48 MiB, MariaDB: one of 96 MiB), which the benchmarks and
         * {@code sandbox up} use. Test sandboxes ({@code @SandboxTest}) use {@link Sandbox#TEST_REDO_LOG_FILE_MIB}: a
         * fresh server then writes no redo log it does not need (a server started with the default sizes its log at
         * its first start, from the datadir template's size) — a test run starts a few hundred servers. 32 MiB rather
         * than less: a test that writes hard (ReadYourWritesIT's busy writer) ran 20–24 s at 32 MiB, 27–28 s at 8 MiB,
         * its checkpoints forcing page flushes; server starts cost the same either way.
         */
        public Builder redoLogFileMib(int mib) {
            if (mib < 0 || (mib > 0 && mib < 4) || mib > 4096) {
                throw new IllegalArgumentException("redoLogFileMib = " + mib + " is out of range; use 4-4096, or 0 for the server's default");
            }
            this.redoLogFileMib = mib;
            return this;
        }

        /**
         * Where temporary sandboxes go: {@code CQRS_SANDBOX_ROOT} (environment) or
         * {@code cqrs.sandbox.root} (system property), else {@code java.io.tmpdir}. CI points it
         * at a directory of its own to find any server a test run left behind.
         */
        static Path temporaryRoot() throws IOException {
            String root = System.getProperty("cqrs.sandbox.root");
            if (root == null || root.isBlank()) {
                root = System.getenv("CQRS_SANDBOX_ROOT");
            }
            if (root == null || root.isBlank()) {
                root = System.getProperty("java.io.tmpdir");
            }
            return Files.createDirectories(Path.of(root));
        }

        /**
         * Starts the servers (in parallel), wires replication and waits until the replicas run. A
         * {@linkplain #directory directory} holding a stopped sandbox (kept by {@code sandbox down --keep-data})
         * starts that sandbox again with its data, ports and server ids; it must match this builder's flavour
         * and replica count. A directory whose sandbox still runs is refused.
         */
        public Sandbox start() {
            boolean temporary = directory == null;
            Path dir;
            try {
                if (directory != null) {
                    dir = directory.toAbsolutePath();
                    if (Files.exists(dir.resolve("sandbox.properties"))) {
                        return reopen(this, dir); // kept by 'sandbox down --keep-data': start it again
                    }
                } else {
                    dir = Files.createTempDirectory(temporaryRoot(), "cqrs-sandbox-");
                }
            } catch (IOException e) {
                throw new SandboxException("cannot create a sandbox directory: " + e.getMessage(), e);
            }
            Sandbox s = new Sandbox(this, dir, temporary);
            s.startAll();
            return s;
        }
    }
}
