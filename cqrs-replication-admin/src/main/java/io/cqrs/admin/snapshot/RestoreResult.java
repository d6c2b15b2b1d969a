package io.cqrs.admin.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a restore.
 *
 * @param skipped statements read but not run (GTID position, sql_log_bin, replication control), with why
 */
public record RestoreResult(DumpInfo dump, long statementsExecuted, List<String> skipped, Duration elapsed) {

    public RestoreResult {
        skipped = List.copyOf(skipped);
    }

    /** The GTID position the dump carries: start replication from here. */
    public Optional<String> gtidPosition() {
        return dump.gtidPosition();
    }
}
