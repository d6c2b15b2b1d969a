package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ReplicaState} with the GTID sets it was decided from.
 *
 * @param replicaExecuted what the replica has applied (MySQL gtid_executed, MariaDB gtid_current_pos)
 * @param sourceExecuted  what the source has (MySQL gtid_executed, MariaDB gtid_binlog_pos); read after the replica's
 * @param sourcePurged    what the source no longer has in its binlogs (MySQL gtid_purged, MariaDB the oldest binlog's Gtid_list)
 * @param missing         on the source, not on the replica (what the replica still has to fetch)
 * @param errant          on the replica, not on the source
 * @param purgedMissing   purged on the source and not on the replica (what makes a start fail with 1236)
 * @param explanation     one sentence for people
 */
public record ReplicaStateReport(ReplicaState state, String replicaExecuted, String sourceExecuted, String sourcePurged,
                                 String missing, String errant, String purgedMissing, String explanation)
        implements JsonReport {

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("replica_executed", replicaExecuted);
        m.put("source_executed", sourceExecuted);
        m.put("source_purged", sourcePurged);
        m.put("missing", missing);
        m.put("errant", errant);
        m.put("purged_missing", purgedMissing);
        m.put("explanation", explanation);
        return m;
    }
}
