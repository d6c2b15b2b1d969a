package io.cqrs.admin.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code watch} runs: the hourly cron of check-replication, replaced.
 *
 * @param interval      time between checks
 * @param count         checks to run; 0 runs until stopped
 * @param autoRecover   run {@code recover} when a check is unhealthy; only plans that keep every replica change
 *                      unless {@code recovery.allowDataLoss()}
 * @param exitOnFailure stop at the first check that stays unhealthy (after any recovery)
 * @param recovery      options for the automatic recoveries (not a dry run)
 */
public record WatchOptions(Duration interval, int count, boolean autoRecover, boolean exitOnFailure, RecoveryOptions recovery) {

    public WatchOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(recovery, "recovery");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval " + interval + " must not be negative");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " must be 0 (forever) or positive");
        }
    }

    public static WatchOptions every(Duration interval) {
        return new WatchOptions(interval, 0, false, false, RecoveryOptions.defaults());
    }

    public WatchOptions count(int n) {
        return new WatchOptions(interval, n, autoRecover, exitOnFailure, recovery);
    }

    public WatchOptions autoRecover(boolean a) {
        return new WatchOptions(interval, count, a, exitOnFailure, recovery);
    }

    public WatchOptions exitOnFailure(boolean e) {
        return new WatchOptions(interval, count, autoRecover, e, recovery);
    }

    public WatchOptions recovery(RecoveryOptions r) {
        return new WatchOptions(interval, count, autoRecover, exitOnFailure, r.dryRun(false));
    }
}
