package io.cqrs.admin.cli;

import io.cqrs.admin.switchover.Failover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Unplanned change of source: the source is gone. The replica that has every transaction the others have is promoted "
                + "(or --to, when it does); the others replicate from it. Refused, naming the GTIDs, when no replica has everything. "
                + "With --source, refused while the old source still answers (use switchover).")
final class FailoverCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SourceChangeOptionsMixin change;

    @Option(names = "--replicas", required = true, split = ",", paramLabel = "HOST:PORT", description = "every replica of the failed source")
    List<String> replicas;

    @Option(names = "--to", paramLabel = "HOST:PORT", description = "the replica to promote (default: the most advanced)")
    String to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return change.print(Failover.run(connection.hasSource() ? connection.source() : null,
                replicas.stream().map(connection::replicaAt).toList(), to == null ? null : connection.replicaAt(to),
                connection.replicationSource(), change.options(false)), spec.commandLine().getOut());
    }
}
