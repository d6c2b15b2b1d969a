package io.cqrs.admin.snapshot;

import io.cqrs.common.ServerVersion;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a snapshot.
 *
 * @param gtidPosition the source's GTID position the data corresponds to (start replication from here)
 * @param rowsPerTable rows copied per {@code db.table}
 * @param bytes        SQL bytes written (file) or sent (direct copy)
 */
public record SnapshotResult(ServerVersion sourceVersion, String gtidPosition, Map<String, Long> rowsPerTable, long rows, long bytes,
                             Duration elapsed) {

    public SnapshotResult {
        rowsPerTable = Map.copyOf(rowsPerTable);
    }

    public int tables() {
        return rowsPerTable.size();
    }
}
