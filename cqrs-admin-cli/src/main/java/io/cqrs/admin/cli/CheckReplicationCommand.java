package io.cqrs.admin.cli;

import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.replication.ReplicationHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "check-replication", mixinStandardHelpOptions = true,
        description = "Show the replica's replication status; exit 0 when healthy (both threads running, no errors, 0 s behind), 3 otherwise. "
                + "With --source and no --replica (or --all-replicas): every replica registered with the source, and which server is the source.")
final class CheckReplicationCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--all-replicas", description = "check every replica registered with the source (its report_host/report_port); "
            + "the default when --source is given without --replica")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (connection.everyReplica(all)) {
            return checkAll(out);
        }
        // with a source given, the replica must be a replica of that source (and the source must answer)
        ReplicationHealth h = connection.hasSource() ? connection.admin(SafetyOverrides.none()).checkPair()
                : ReplicationAdmin.check(connection.replica());
        out.print(json ? h.toJson() + System.lineSeparator() : h.toTable());
        return h.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    private int checkAll(PrintWriter out) {
        ReplicaSetReport<ReplicationHealth> r = ReplicaSetReport.of(connection.replicaSet(SafetyOverrides.none()),
                ReplicationAdmin::checkPair, ReplicationHealth::healthy);
        r.print(out, json, ReplicationHealth::fields, ReplicationHealth::toTable);
        return r.exitCode();
    }
}
