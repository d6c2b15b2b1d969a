package io.cqrs.admin.recovery;

import io.cqrs.admin.snapshot.SnapshotOptions;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code recover} runs.
 *
 * @param dryRun               only plan: return every step's SQL (passwords masked) and change nothing
 * @param allowDataLoss        allow plans that discard the replica's own transactions or rows ({@code --discard-replica-changes})
 * @param timeout              bound for threads to run and for catching up
 * @param replicationUserHost  host part of the replication account when it is recreated
 * @param snapshot             how a rebuild snapshots the source
 * @param reported             errors seen elsewhere that diagnosis should take into account (e.g. 3546 from a restore)
 */
public record RecoveryOptions(boolean dryRun, boolean allowDataLoss, Duration timeout, String replicationUserHost,
                              SnapshotOptions snapshot, List<ReportedError> reported) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public RecoveryOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(snapshot, "snapshot");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        if (replicationUserHost == null || replicationUserHost.isEmpty()) {
            throw new IllegalArgumentException("replicationUserHost is empty; use '%' or the replica's address");
        }
        reported = List.copyOf(reported == null ? List.of() : reported);
    }

    public static RecoveryOptions defaults() {
        return new RecoveryOptions(false, false, DEFAULT_TIMEOUT, "%", SnapshotOptions.defaults(), List.of());
    }

    public RecoveryOptions dryRun(boolean d) {
        return new RecoveryOptions(d, allowDataLoss, timeout, replicationUserHost, snapshot, reported);
    }

    public RecoveryOptions allowDataLoss(boolean a) {
        return new RecoveryOptions(dryRun, a, timeout, replicationUserHost, snapshot, reported);
    }

    public RecoveryOptions timeout(Duration t) {
        return new RecoveryOptions(dryRun, allowDataLoss, t, replicationUserHost, snapshot, reported);
    }

    public RecoveryOptions replicationUserHost(String h) {
        return new RecoveryOptions(dryRun, allowDataLoss, timeout, h, snapshot, reported);
    }

    public RecoveryOptions snapshot(SnapshotOptions s) {
        return new RecoveryOptions(dryRun, allowDataLoss, timeout, replicationUserHost, s, reported);
    }

    public RecoveryOptions reported(List<ReportedError> r) {
        return new RecoveryOptions(dryRun, allowDataLoss, timeout, replicationUserHost, snapshot, r);
    }
}
