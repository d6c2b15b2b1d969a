package io.cqrs.admin.cli;

import io.cqrs.admin.recovery.Diagnosis;
import io.cqrs.admin.recovery.Diagnoser;
import io.cqrs.admin.recovery.ReportedError;
import io.cqrs.admin.replication.ReplicationAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Say what is wrong with replication (typed findings with their evidence: error numbers, GTID sets, status fields) "
                + "and which recovery plan would fix it. Changes nothing. Exit 0 healthy, 3 unhealthy, 1 failure.")
final class DiagnoseCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--error", paramLabel = "ERRNO", split = ",",
            description = "an error seen elsewhere to take into account, e.g. 3546 from a restore (MariaDB 1945/1947)")
    List<Integer> errors = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Diagnosis d = new Diagnoser(new ReplicationAdmin(connection.source(), connection.replica()))
                .diagnose(errors.stream().map(e -> new ReportedError(e, "reported with --error")).toList());
        spec.commandLine().getOut().print(json ? d.toJson() + System.lineSeparator() : d.toText());
        return d.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
