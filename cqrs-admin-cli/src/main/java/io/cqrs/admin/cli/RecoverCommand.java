package io.cqrs.admin.cli;

import io.cqrs.admin.recovery.RecoveryOptions;
import io.cqrs.admin.recovery.RecoveryResult;
import io.cqrs.admin.recovery.Recoverer;
import io.cqrs.admin.recovery.ReportedError;
import io.cqrs.admin.snapshot.SnapshotOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Diagnose, then run the recovery plan: rebuild (1236), GTID reset and rebuild (3546), recreate the replication user "
                + "and repoint the replica (1045), repoint and retry (2003/2061), restart stopped threads. Idempotent. Never discards the "
                + "replica's own transactions or rows without --discard-replica-changes. Exit 0 recovered/healthy, 3 still unhealthy, 1 failed or refused.")
final class RecoverCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SafetyOptions safety;

    @Option(names = "--dry-run", description = "print every step's SQL (passwords masked) and change nothing")
    boolean dryRun;

    @Option(names = "--discard-replica-changes",
            description = "allow plans that throw away the replica's errant transactions or conflicting rows (rebuild from the source)")
    boolean discard;

    @Option(names = "--error", paramLabel = "ERRNO", split = ",", description = "an error seen elsewhere, e.g. 3546 from a restore")
    List<Integer> errors = List.of();

    @Option(names = "--repl-host", defaultValue = "%", description = "host part of the replication account when recreated (default: ${DEFAULT-VALUE})")
    String replHost;

    @Option(names = "--workers", defaultValue = "4", description = "parallel connections for a rebuild (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for threads and catching up (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RecoveryOptions o = RecoveryOptions.defaults().dryRun(dryRun).allowDataLoss(discard).replicationUserHost(replHost)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .snapshot(SnapshotOptions.builder().workers(workers).progress(new ProgressPrinter(spec.commandLine().getErr())).build())
                .reported(errors.stream().map(e -> new ReportedError(e, "reported with --error")).toList());
        // the replication password is asked for only when the plan logs the replica in to the source
        RecoveryResult r = new Recoverer(connection.admin(safety.overrides()), connection::replicationSource).recover(o);
        spec.commandLine().getOut().print(json ? r.toJson() + System.lineSeparator() : r.toText());
        if (r.dryRun()) {
            return r.refusal() != null ? ExitCodes.FAILURE : r.before().healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
        }
        return r.recovered() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
