package io.cqrs.admin.cli;

import io.cqrs.admin.switchover.Rejoin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "rejoin", mixinStandardHelpOptions = true,
        description = "Make a former source (--replica) a read-only replica of the current source (--source). Its transactions the "
                + "current source lacks (writes a failover lost) are reported; the rejoin is then refused unless --discard-replica-changes "
                + "rebuilds it from the current source.")
final class RejoinCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SourceChangeOptionsMixin change;

    @Option(names = "--discard-replica-changes", description = "rebuild the former source from the current one, throwing away its own transactions")
    boolean discard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return change.print(Rejoin.run(connection.replica(), connection.source(), connection.replicationSource(), change.options(discard)),
                spec.commandLine().getOut());
    }
}
