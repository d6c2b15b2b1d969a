package io.cqrs.admin.cli;

import io.cqrs.admin.replication.ProvisionOptions;
import io.cqrs.admin.replication.Provisioner;
import io.cqrs.admin.snapshot.SnapshotOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Rebuild the replica in one go: consistent snapshot of the source (direct copy, or through --via-file), restore, "
                + "start replication from the snapshot's GTID position, wait until caught up.")
final class ProvisionCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SafetyOptions safety;

    @Option(names = "--via-file", paramLabel = "FILE", description = "go through this dump file instead of copying directly")
    Path viaFile;

    @Option(names = "--reset-replica", description = "reset the replica first (STOP, RESET REPLICA ALL, clear its GTID history)")
    boolean resetReplica;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "databases to copy (default: all but the system ones)")
    List<String> databases = List.of();

    @Option(names = "--workers", defaultValue = "4", description = "parallel connections (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for replication to run and catch up (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--inserts-only", description = "copy with multi-row INSERTs only: no LOAD DATA LOCAL INFILE, the replica's"
            + " local_infile left alone (default: bulk-load every table whose column types allow it)")
    boolean insertsOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ProvisionOptions o = ProvisionOptions.direct().snapshot(SnapshotOptions.builder().databases(databases).workers(workers)
                        .progress(new ProgressPrinter(spec.commandLine().getErr())).build())
                .viaFile(viaFile).resetReplicaFirst(resetReplica).timeout(Duration.ofSeconds(timeoutSeconds)).bulkLoad(!insertsOnly);
        Provisioner.Result r = Provisioner.provision(connection.admin(safety.overrides()), connection.replicationSource(), o);
        var out = spec.commandLine().getOut();
        out.printf("provisioned %s from %s: %d tables, %,d rows at GTID position %s in %.1f s%n", connection.replica().address(),
                connection.source().address(), r.snapshot().tables(), r.snapshot().rows(), r.snapshot().gtidPosition(),
                r.elapsed().toMillis() / 1000.0);
        out.print(r.start().health().toTable());
        return r.start().health().healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
