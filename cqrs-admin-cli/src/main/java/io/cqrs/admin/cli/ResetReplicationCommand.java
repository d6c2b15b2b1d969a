package io.cqrs.admin.cli;

import io.cqrs.admin.replication.ReplicationAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reset-replication", mixinStandardHelpOptions = true,
        description = "Stop replication on the replica and forget its configuration (RESET REPLICA ALL); with --reset-gtids also its binary logs "
                + "and GTID history (RESET MASTER), the error-3546 recovery flow.")
final class ResetReplicationCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SafetyOptions safety;

    @Option(names = "--reset-gtids", description = "also clear the replica's binary logs and GTID history")
    boolean resetGtids;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var r = connection.replica();
        // with a source given, the pair is proven first; without, only the followers of the replica are checked
        List<String> steps = connection.hasSource() ? connection.admin(safety.overrides()).resetReplication(resetGtids)
                : ReplicationAdmin.resetReplication(r, resetGtids, safety.overrides());
        steps.forEach(s -> spec.commandLine().getOut().println("  " + s));
        spec.commandLine().getOut().println("replication reset on " + r.address());
        return ExitCodes.OK;
    }
}
