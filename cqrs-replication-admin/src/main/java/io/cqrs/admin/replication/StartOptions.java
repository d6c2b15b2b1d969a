package io.cqrs.admin.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start replication.
 *
 * @param gtidPosition          the source position the replica's data corresponds to (from a dump or snapshot);
 *                              null keeps the replica's own GTID state (it resumes where it is)
 * @param replicaRestored       the replica's data was just restored from that position without binary logging
 *                              (restore/provision do this). Only then may start-replication clear the replica's
 *                              own GTID history (RESET MASTER on the replica) when it holds an older part of the
 *                              position; never when it holds GTIDs outside the position
 * @param timeout               bound for "both threads running" and for catching up
 */
public record StartOptions(String gtidPosition, boolean replicaRestored, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public StartOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
    }

    public static StartOptions fromPosition(String gtidPosition) {
        return new StartOptions(gtidPosition, false, DEFAULT_TIMEOUT);
    }

    public StartOptions restored(boolean restored) {
        return new StartOptions(gtidPosition, restored, timeout);
    }

    public StartOptions timeout(Duration t) {
        return new StartOptions(gtidPosition, replicaRestored, t);
    }
}
