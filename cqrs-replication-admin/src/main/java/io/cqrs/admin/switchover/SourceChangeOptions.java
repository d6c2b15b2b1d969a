package io.cqrs.admin.switchover;

import java.time.Duration;
import java.util.Objects;

/**
 * How to change the source.
 *
 * @param timeout       bound for the candidate to catch up (switchover: while writes are blocked) and for the
 *                      repointed replicas to run
 * @param dryRun        plan and print every statement (passwords masked), change nothing
 * @param allowDataLoss rejoin: rebuild a former source whose own transactions the new source lacks (they are
 *                      thrown away); without it such a rejoin is refused
 */
public record SourceChangeOptions(Duration timeout, boolean dryRun, boolean allowDataLoss) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SourceChangeOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive, e.g. Duration.ofSeconds(30)");
        }
    }

    public static SourceChangeOptions defaults() {
        return new SourceChangeOptions(DEFAULT_TIMEOUT, false, false);
    }

    public SourceChangeOptions timeout(Duration t) {
        return new SourceChangeOptions(t, dryRun, allowDataLoss);
    }

    public SourceChangeOptions dryRun(boolean d) {
        return new SourceChangeOptions(timeout, d, allowDataLoss);
    }

    public SourceChangeOptions allowDataLoss(boolean a) {
        return new SourceChangeOptions(timeout, dryRun, a);
    }
}
