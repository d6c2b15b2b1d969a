package io.cqrs.admin.snapshot;

import io.cqrs.common.ServerVersion;

import java.time.Instant;
import java.util.List;

/**
 * What a snapshot is of: the source, its version, the databases and the exact GTID position
 * (MySQL gtid_executed / MariaDB gtid_binlog_pos) at the consistent point.
 */
public record SnapshotHeader(String source, ServerVersion version, List<String> databases, String gtidPosition, Instant startedAt) {

    public SnapshotHeader {
        databases = List.copyOf(databases);
    }
}
