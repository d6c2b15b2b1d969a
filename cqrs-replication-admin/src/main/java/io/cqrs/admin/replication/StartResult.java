package io.cqrs.admin.replication;

import java.time.Duration;
import java.util.List;

/**
 * What start-replication did.
 *
 * @param steps   the statements run on the replica, passwords masked
 * @param health  the replica's status after it caught up
 */
public record StartResult(String gtidPosition, List<String> steps, ReplicationHealth health, Duration elapsed) {

    public StartResult {
        steps = List.copyOf(steps);
    }
}
