package io.cqrs.admin.cli;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxDirectory;
import io.cqrs.sandbox.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cqrs-admin sandbox up | status | down}: local source + replica servers for development. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Start, inspect and stop a local source + replica sandbox (real servers, no Docker).",
        subcommands = {SandboxCommand.Up.class, SandboxCommand.Status.class, SandboxCommand.Down.class})
public final class SandboxCommand implements Runnable {

    static final String DEFAULT_DIR = ".cqrs-sandbox";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start a source and replicas that replicate with GTID auto-positioning; they keep running after the command exits."
                    + " A directory kept by 'sandbox down --keep-data' starts again with its data.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--flavor", defaultValue = "mysql", description = "mysql (8.0.15 from Maven) or mariadb (default: ${DEFAULT-VALUE})")
        String flavor;

        @Option(names = "--replicas", defaultValue = "1", description = "number of replicas (default: ${DEFAULT-VALUE})")
        int replicas;

        @Option(names = "--dir", defaultValue = DEFAULT_DIR, description = "sandbox directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--source-port", defaultValue = "0", description = "fixed source port, e.g. 3306 (default: a free port)")
        int sourcePort;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean kept = java.nio.file.Files.exists(dir.resolve("sandbox.properties"));
            out.println(kept ? "starting the sandbox kept in " + dir.toAbsolutePath() + " again, with its data ..."
                    : "starting a " + flavor + " sandbox with " + replicas + " replica(s) in " + dir.toAbsolutePath() + " ...");
            out.flush();
            Sandbox s = Sandbox.builder().flavor(flavor).replicas(replicas).directory(dir).sourcePort(sourcePort)
                    .stopOnJvmExit(false).start();
            for (SandboxServer server : s.servers()) {
                out.printf("%-10s %-16s 127.0.0.1:%-6d server_id=%-3d pid=%d%n", server.name(), server.version(), server.port(),
                        server.serverId(), server.pid());
            }
            out.println("replicating. Connect as root (no password), e.g. " + s.source().jdbcUrl());
            out.println("replication user '" + Sandbox.REPLICATION_USER + "', password in " + s.replicationPasswordFile());
            out.println("stop with: bin/cqrs-admin sandbox down --dir " + dir);
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the sandbox's servers and whether they run.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = DEFAULT_DIR, description = "sandbox directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var instances = SandboxDirectory.read(dir);
            boolean allUp = true;
            for (var i : instances) {
                boolean alive = i.isAlive();
                allUp &= alive;
                out.printf("%-10s %-8s %-16s 127.0.0.1:%-6d server_id=%-3d pid=%-8d %s%n", i.name(), i.role(), i.distribution(),
                        i.port(), i.serverId(), i.pid(), alive ? "running" : "NOT RUNNING");
            }
            return allUp ? ExitCodes.OK : ExitCodes.UNHEALTHY;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the sandbox's servers (by pid, gracefully, then forced).")
    static final class Down implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = DEFAULT_DIR, description = "sandbox directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--keep-data", description = "keep the data directories; 'sandbox up' with the same --dir starts them again"
                + " (default: delete the sandbox directory)")
        boolean keepData;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (var i : SandboxDirectory.stop(dir, !keepData)) {
                out.println(i.name() + ": stopped (pid " + i.pid() + ")");
            }
            return ExitCodes.OK;
        }
    }
}
