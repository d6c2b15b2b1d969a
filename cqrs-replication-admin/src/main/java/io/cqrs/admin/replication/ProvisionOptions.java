package io.cqrs.admin.replication;

import io.cqrs.admin.snapshot.SnapshotOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to provision a replica.
 *
 * @param dumpFile         go through this dump file (snapshot → file → restore); null copies directly with no file
 * @param resetReplicaFirst reset the replica first (STOP, RESET REPLICA ALL, clear its GTID history); without it
 *                          the replica must be empty or already reset
 * @param timeout          bound for starting and catching up
 * @param bulkLoad         a direct copy loads with {@code LOAD DATA LOCAL INFILE} where it can (default; see
 *                         {@link io.cqrs.admin.snapshot.DirectCopySink}); false: INSERTs only, local infile untouched
 */
public record ProvisionOptions(SnapshotOptions snapshot, Path dumpFile, boolean resetReplicaFirst, Duration timeout, boolean bulkLoad) {

    public ProvisionOptions {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static ProvisionOptions direct() {
        return new ProvisionOptions(SnapshotOptions.defaults(), null, false, StartOptions.DEFAULT_TIMEOUT, true);
    }

    public ProvisionOptions viaFile(Path file) {
        return new ProvisionOptions(snapshot, file, resetReplicaFirst, timeout, bulkLoad);
    }

    public ProvisionOptions resetReplicaFirst(boolean reset) {
        return new ProvisionOptions(snapshot, dumpFile, reset, timeout, bulkLoad);
    }

    public ProvisionOptions snapshot(SnapshotOptions s) {
        return new ProvisionOptions(s, dumpFile, resetReplicaFirst, timeout, bulkLoad);
    }

    public ProvisionOptions timeout(Duration t) {
        return new ProvisionOptions(snapshot, dumpFile, resetReplicaFirst, t, bulkLoad);
    }

    public ProvisionOptions bulkLoad(boolean load) {
        return new ProvisionOptions(snapshot, dumpFile, resetReplicaFirst, timeout, load);
    }
}
