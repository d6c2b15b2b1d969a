package io.cqrs.admin.cli;

import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.replication.ReplicationAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "wait-caught-up", mixinStandardHelpOptions = true,
        description = "Wait until the replica has applied every transaction the source has now (bounded by --timeout).")
final class WaitCaughtUpCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReplicationAdmin admin = connection.admin(SafetyOverrides.none());
        admin.verifyPair("wait-caught-up", false, List.of());
        admin.waitCaughtUp(Duration.ofSeconds(timeoutSeconds));
        spec.commandLine().getOut().println("caught up");
        return ExitCodes.OK;
    }
}
