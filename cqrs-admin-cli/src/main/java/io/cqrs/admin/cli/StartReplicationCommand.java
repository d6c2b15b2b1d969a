package io.cqrs.admin.cli;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.replication.StartOptions;
import io.cqrs.admin.replication.StartResult;
import io.cqrs.admin.snapshot.DumpInspector;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "start-replication", mixinStandardHelpOptions = true,
        description = "Check, then start GTID replication on the replica from a dump's (or a given) GTID position and wait until it has caught up. "
                + "Refuses, changing nothing, when the replica's GTIDs overlap the position (3546) or the source purged what it needs (1236).")
final class StartReplicationCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SafetyOptions safety;

    static final class Position {
        @Option(names = "--dump", paramLabel = "FILE", description = "read the GTID position from this dump (validated first)")
        Path dump;

        @Option(names = "--gtid", paramLabel = "GTIDS", description = "the GTID position itself")
        String gtid;
    }

    @ArgGroup(exclusive = true)
    Position position;

    @Option(names = "--replica-restored", description = "the replica was just restored from this position: its older GTID history may be cleared")
    boolean restored;

    @Option(names = "--ensure-user", description = "create/update the replication user on the source first (REPLICATION SLAVE only)")
    boolean ensureUser;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for running and caught up (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String gtid = null;
        if (position != null) {
            gtid = position.gtid;
            if (position.dump != null) {
                gtid = DumpInspector.inspect(position.dump, false).gtidPosition().orElseThrow(() -> new AdminException(
                        "the dump " + position.dump + " has no GTID position line; give it with --gtid"));
            }
        }
        ReplicationAdmin admin = connection.admin(safety.overrides());
        var from = connection.replicationSource();
        if (ensureUser) {
            admin.ensureReplicationUser(from.user(), "%", io.cqrs.admin.Secret.of(from.password()));
        }
        StartResult r = admin.startReplication(from, new StartOptions(gtid, restored, Duration.ofSeconds(timeoutSeconds)));
        var out = spec.commandLine().getOut();
        r.steps().forEach(s -> out.println("  " + s));
        out.print(r.health().toTable());
        return r.health().healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
