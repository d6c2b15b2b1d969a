package io.cqrs.admin.cli;

import io.cqrs.common.dialect.ReplicationSource;

import io.cqrs.admin.recovery.Finding;
import io.cqrs.admin.recovery.PreflightChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Check the settings that keep replication from breaking: binlog on, ROW format, GTID mode, distinct server ids, "
                + "binlog retention >= 7 days, read-only replica, log_replica_updates, the replication user's grant. "
                + "Exit 0 all fine, 3 warnings or errors, 1 failure.")
final class PreflightCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print a JSON array of findings")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String user = connection.replUser != null ? connection.replUser : ReplicationSource.DEFAULT_USER;
        List<Finding> fs = PreflightChecks.run(connection.source(), connection.replica(), user);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println("[" + String.join(",", fs.stream().map(Finding::toJson).toList()) + "]");
        } else {
            fs.forEach(f -> out.println(f.toLine()));
        }
        return fs.stream().anyMatch(Finding::isProblem) ? ExitCodes.UNHEALTHY : ExitCodes.OK;
    }

}
