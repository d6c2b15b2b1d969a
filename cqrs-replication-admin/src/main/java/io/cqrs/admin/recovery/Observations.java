package io.cqrs.admin.recovery;

import io.cqrs.admin.replication.ReplicationHealth;

import java.util.List;

/**
 * Everything diagnosis looks at, gathered from the servers (or built by hand in tests).
 *
 * @param health                 the replica's status row
 * @param state                  the GTID comparison; null when the source could not be read
 * @param reported               errors seen elsewhere (a failed restore, a refused start)
 * @param sourceProblem          why the admin could not reach the source, or null
 * @param replicationUser        the account the replica logs in with ("user@host" as configured), or null
 * @param replicationUserExists  whether that account exists on the source; null when unknown
 */
public record Observations(ReplicationHealth health, ReplicaStateReport state, List<ReportedError> reported,
                           String sourceProblem, String replicationUser, Boolean replicationUserExists) {

    public Observations {
        reported = List.copyOf(reported == null ? List.of() : reported);
    }
}
