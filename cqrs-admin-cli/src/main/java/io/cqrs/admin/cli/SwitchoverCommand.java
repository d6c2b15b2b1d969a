package io.cqrs.admin.cli;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.ServerIdentity;
import io.cqrs.admin.switchover.Switchover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "switchover", mixinStandardHelpOptions = true,
        description = "Planned change of source with no acknowledged write lost: the source turns read-only, the replica given with --to "
                + "applies everything, becomes writable, and the old source and the other replicas replicate from it. Any failure before "
                + "--to is writable rolls back. Prints the write pause.")
final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SourceChangeOptionsMixin change;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "the replica to promote")
    String to;

    @Option(names = "--replicas", split = ",", paramLabel = "HOST:PORT",
            description = "every replica of the source (default: the replicas registered with the source, by their report_host/report_port)")
    List<String> replicas = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerEndpoint source = connection.source();
        List<ServerEndpoint> reps = new ArrayList<>();
        if (replicas.isEmpty()) {
            for (ServerIdentity.Follower f : ServerIdentity.read(source).followers()) {
                if (f.serverId() == 0 || !f.host().matches(".+:\\d+")) {
                    throw new AdminException("switchover: the source has a replica that is not registered with its address ("
                            + f.describe() + "); give every replica with --replicas HOST:PORT,... Nothing was changed");
                }
                reps.add(connection.replicaAt(f.host()));
            }
        } else {
            replicas.forEach(r -> reps.add(connection.replicaAt(r)));
        }
        return change.print(Switchover.run(source, reps, connection.replicaAt(to), connection.replicationSource(), change.options(false)),
                spec.commandLine().getOut());
    }
}
