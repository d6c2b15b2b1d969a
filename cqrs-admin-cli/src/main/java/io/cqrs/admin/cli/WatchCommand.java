package io.cqrs.admin.cli;

import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.recovery.RecoveryOptions;
import io.cqrs.admin.recovery.WatchOptions;
import io.cqrs.admin.recovery.Watcher;
import picocli.CommandLine.Command;
import io.cqrs.common.dialect.ReplicationSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Check replication every --interval (the hourly check-replication cron, replaced): one line or JSON object per check. "
                + "With --auto-recover, runs recover on unhealthy checks (only plans that keep the replica's changes unless "
                + "--discard-replica-changes). With --source and no --replica (or --all-replicas): every replica registered with the source, "
                + "one line each per check. Exit code of the last check: 0 healthy, 3 unhealthy, 1 failure.")
final class WatchCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--interval", defaultValue = "60", paramLabel = "SECONDS", description = "seconds between checks (default: ${DEFAULT-VALUE})")
    double intervalSeconds;

    @Option(names = "--count", defaultValue = "0", description = "number of checks, 0 = until stopped (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--auto-recover", description = "run recover when a check is unhealthy")
    boolean autoRecover;

    @Option(names = "--discard-replica-changes", description = "let auto-recovery rebuild a replica that has its own transactions or rows")
    boolean discard;

    @Option(names = "--exit-on-failure", description = "stop at the first unhealthy check (after any recovery)")
    boolean exitOnFailure;

    @Option(names = "--all-replicas", description = "watch every replica registered with the source (asked again at every check); "
            + "the default when --source is given without --replica")
    boolean all;

    @Mixin
    SafetyOptions safety;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        WatchOptions o = WatchOptions.every(Duration.ofMillis((long) (intervalSeconds * 1000))).count(count).autoRecover(autoRecover)
                .exitOnFailure(exitOnFailure).recovery(RecoveryOptions.defaults().allowDataLoss(discard));
        var out = spec.commandLine().getOut();
        connection.requirePasswordsReadable(); // a wrong setting stops here; an unreachable server is a failed check
        ReplicationSource from = autoRecover ? connection.replicationSource() : null;
        SafetyOverrides overrides = safety.overrides();
        Watcher watcher = connection.everyReplica(all)
                ? Watcher.ofEveryReplica(() -> connection.replicaSet(overrides).pairs(), from, o)
                : new Watcher(connection.admin(overrides), from, o);
        return watcher.run(e -> {
                    out.println(json ? e.toJson() : e.toLine());
                    out.flush();
                });
    }
}
