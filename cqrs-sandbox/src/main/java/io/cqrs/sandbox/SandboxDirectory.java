package io.cqrs.sandbox;

import io.cqrs.common.ServerFlavor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox seen from its directory, for a process that did not start it (the CLI's
 * {@code status} and {@code down}). Servers are found through the pid each one recorded and
 * are only signalled while that pid still runs the sandbox's own server binary.
 */
public final class SandboxDirectory {

    private SandboxDirectory() {
    }

    /** What one server recorded about itself when it started. */
    public record Instance(String name, String role, String distribution, int port, int serverId, long pid, Path dir) {

        /** True when the recorded pid is alive and is this instance's server (its command line names its datadir). */
        public boolean isAlive() {
            return process().isPresent();
        }

        Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().arguments().map(args -> String.join(" ", args).contains(dir.resolve("data").toString()))
                            .orElse(h.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false)));
        }
    }

    /** Reads the instances of the sandbox in {@code dir}. */
    public static List<Instance> read(Path dir) {
        Path abs = dir.toAbsolutePath();
        Path props = abs.resolve("sandbox.properties");
        if (!Files.exists(props)) {
            throw new SandboxException("no sandbox in " + abs + " (no sandbox.properties); start one with 'cqrs-admin sandbox up --dir " + dir + "'");
        }
        Properties sandbox = load(props);
        List<Instance> out = new ArrayList<>();
        for (String name : sandbox.getProperty("servers", "").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            Path instanceDir = abs.resolve(name);
            Path file = instanceDir.resolve("instance.properties");
            if (!Files.exists(file)) {
                out.add(new Instance(name, "?", "?", 0, 0, -1, instanceDir));
                continue;
            }
            Properties p = load(file);
            out.add(new Instance(name, p.getProperty("role"), p.getProperty("distribution"), Integer.parseInt(p.getProperty("port")),
                    Integer.parseInt(p.getProperty("serverId")), Long.parseLong(p.getProperty("pid")), instanceDir));
        }
        return out;
    }

    /** A stopped sandbox kept on disk: its servers (source first) and its replication password. */
    public record Kept(List<Instance> servers, String replicationPassword) {
    }

    /**
     * The stopped sandbox in {@code dir}, checked against what the caller wants to start: refused when a
     * server of it still runs, when it is of another flavour or has another number of replicas (the message
     * names the value to use), or when a server of it never started.
     */
    public static Kept kept(Path dir, ServerFlavor flavor, int replicas) {
        List<Instance> kept = read(dir);
        if (kept.stream().anyMatch(Instance::isAlive)) {
            throw new SandboxException("a sandbox already runs in " + dir + "; stop it with 'cqrs-admin sandbox down --dir "
                    + dir + "' or choose another directory");
        }
        ServerFlavor keptFlavor = flavor(dir);
        if (keptFlavor != flavor) {
            throw new SandboxException("the sandbox kept in " + dir + " is " + keptFlavor.displayName() + ", not " + flavor.displayName()
                    + "; start it with --flavor " + keptFlavor.name().toLowerCase(java.util.Locale.ROOT)
                    + ", or delete it with 'cqrs-admin sandbox down --dir " + dir + "' to start another");
        }
        boolean neverStarted = kept.stream().anyMatch(i -> i.port() <= 0);
        if (kept.size() - 1 != replicas || neverStarted) {
            throw new SandboxException("the sandbox kept in " + dir + " has " + (kept.size() - 1) + " replica(s)"
                    + (neverStarted ? " and a server that never started" : "")
                    + "; start it with --replicas " + (kept.size() - 1) + ", or delete it with 'cqrs-admin sandbox down --dir " + dir
                    + "' to start another");
        }
        Path file = dir.toAbsolutePath().resolve("repl.password");
        try {
            return new Kept(kept, Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new SandboxException("cannot read the kept sandbox's replication password in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The flavour of the sandbox in {@code dir}. */
    public static ServerFlavor flavor(Path dir) {
        Path props = dir.toAbsolutePath().resolve("sandbox.properties");
        String f = load(props).getProperty("flavor");
        try {
            return ServerFlavor.valueOf(f);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SandboxException(props + " names no known flavour (flavor=" + f + ")");
        }
    }

    /** Stops every running server of the sandbox (SIGCONT, SIGTERM, wait, then SIGKILL) and optionally deletes the directory. */
    public static List<Instance> stop(Path dir, boolean delete) {
        List<Instance> instances = read(dir);
        List<Instance> stopped = new ArrayList<>();
        // the replicas first, then the source's binlog dump threads (BinlogDumps), then the source
        stopped.addAll(stop(instances.stream().filter(i -> !"source".equals(i.role())).toList()));
        List<Instance> sources = instances.stream().filter(i -> "source".equals(i.role())).toList();
        for (Instance s : sources) {
            if (s.isAlive()) {
                try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + s.port() + "/", "root", "")) {
                    BinlogDumps.end(c);
                } catch (SQLException e) {
                    // best effort: the stop below ends them too, only later
                }
            }
        }
        stopped.addAll(stop(sources));
        if (delete) {
            try {
                Distributions.deleteTree(dir.toAbsolutePath());
            } catch (IOException e) {
                throw new SandboxException("servers stopped, but " + dir + " could not be deleted: " + e.getMessage(), e);
            }
        }
        return stopped;
    }

    /** SIGCONT, SIGTERM, then waits for each (SIGKILL after the stop timeout); returns the ones that ran. */
    private static List<Instance> stop(List<Instance> instances) {
        List<Instance> stopped = new ArrayList<>();
        for (Instance i : instances) {
            Optional<ProcessHandle> h = i.process();
            if (h.isEmpty()) {
                continue;
            }
            Distributions.tryRun(List.of("kill", "-CONT", Long.toString(i.pid())), java.util.Map.of());
            h.get().destroy();
            stopped.add(i);
        }
        for (Instance i : stopped) {
            ProcessHandle.of(i.pid()).ifPresent(h -> {
                try {
                    h.onExit().get(SandboxServer.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        return stopped;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }
}
