package io.cqrs.admin.replication;

import io.cqrs.admin.AdminException;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.admin.snapshot.DirectCopySink;
import io.cqrs.admin.snapshot.DumpFileSink;
import io.cqrs.admin.snapshot.RestoreOptions;
import io.cqrs.admin.snapshot.RestoreResult;
import io.cqrs.admin.snapshot.Restorer;
import io.cqrs.admin.snapshot.SnapshotResult;
import io.cqrs.admin.snapshot.Snapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * The runbook's whole rebuild in one call: snapshot the source (straight into the replica, or
 * through a dump file), restore, start replication from the snapshot's GTID position (checked
 * first), wait until the replica has caught up.
 */
public final class Provisioner {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

    /** @param snapshot  the snapshot; @param restore null for a direct copy; @param start the start's outcome */
    public record Result(SnapshotResult snapshot, RestoreResult restore, StartResult start, Duration elapsed) {
    }

    private Provisioner() {
    }

    /** The switch and call that let provision reset a replicating replica first. */
    public static final AdminException.Remedy RESET_FIRST = new AdminException.Remedy("'cqrs-admin provision --reset-replica'",
            "ProvisionOptions.resetReplicaFirst(true)");

    /**
     * Provisions the replica. Before anything is read or changed, the pair is proven
     * ({@link ReplicationAdmin#verifyPair}) and, unless the replica is to be reset first, it must
     * not be replicating: a refusal comes before the snapshot, not after it.
     */
    public static Result provision(ReplicationAdmin admin, ReplicationSource from, ProvisionOptions options) {
        long t0 = System.nanoTime();
        admin.verifyPair("provision", true, ReplicationAdmin.names(from));
        if (!options.resetReplicaFirst()) {
            admin.requireNotReplicating("provision", RESET_FIRST);
        }
        if (options.resetReplicaFirst()) {
            admin.resetReplication(true);
        }
        SnapshotResult snap;
        RestoreResult restore = null;
        try {
            if (options.dumpFile() == null) {
                snap = Snapshotter.snapshot(admin.source(), options.snapshot(), new DirectCopySink(admin.replica(), options.bulkLoad()));
            } else {
                snap = Snapshotter.snapshot(admin.source(), options.snapshot(), DumpFileSink.of(options.dumpFile()));
                restore = Restorer.restore(admin.replica(), options.dumpFile(),
                        RestoreOptions.builder().progress(options.snapshot().progress()).safety(admin.overrides()).build());
            }
        } catch (IOException e) {
            throw new AdminException("provision: cannot write the dump file " + options.dumpFile() + ": " + e.getMessage(), e);
        }
        log.info("provision: {} rows copied from {} to {} at GTID position '{}'", snap.rows(), admin.source(), admin.replica(), snap.gtidPosition());
        StartResult start = admin.startReplication(from, new StartOptions(snap.gtidPosition(), true, options.timeout()));
        return new Result(snap, restore, start, Duration.ofNanos(System.nanoTime() - t0));
    }
}
