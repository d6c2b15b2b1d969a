package io.cqrs.admin.cli;

import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.recovery.Diagnosis;
import io.cqrs.admin.recovery.Diagnoser;
import io.cqrs.admin.recovery.ReportedError;
import io.cqrs.admin.replication.ReplicationAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Say what is wrong with replication (typed findings with their evidence: error numbers, GTID sets, status fields) "
                + "and which recovery plan would fix it. Changes nothing. Exit 0 healthy, 3 unhealthy, 1 failure. "
                + "With --source and no --replica (or --all-replicas): every replica registered with the source, and which server is the source.")
final class DiagnoseCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--error", paramLabel = "ERRNO", split = ",",
            description = "an error seen elsewhere to take into account, e.g. 3546 from a restore (MariaDB 1945/1947)")
    List<Integer> errors = List.of();

    @Option(names = "--all-replicas", description = "diagnose every replica registered with the source (its report_host/report_port); "
            + "the default when --source is given without --replica")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ReportedError> reported = errors.stream().map(e -> new ReportedError(e, "reported with --error")).toList();
        if (connection.everyReplica(all)) {
            ReplicaSetReport<Diagnosis> r = ReplicaSetReport.of(connection.replicaSet(SafetyOverrides.none()),
                    pair -> new Diagnoser(pair).diagnose(reported), Diagnosis::healthy);
            r.print(out, json, Diagnosis::toMap, Diagnosis::toText);
            return r.exitCode();
        }
        // the pair as every other command sees it, with --source-address-for-replica
        ReplicationAdmin pair = connection.admin(SafetyOverrides.none());
        Diagnosis d = new Diagnoser(pair).diagnose(reported);
        out.print(json ? d.toJson() + System.lineSeparator() : d.toText());
        return d.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
