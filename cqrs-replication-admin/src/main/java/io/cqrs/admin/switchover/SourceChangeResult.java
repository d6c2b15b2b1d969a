package io.cqrs.admin.switchover;

import io.cqrs.admin.JsonReport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a switchover, failover or rejoin did (or, in a dry run, would do).
 *
 * @param operation        switchover, failover or rejoin
 * @param oldSource        the source before ("host:port")
 * @param newSource        the source after
 * @param dryRun           nothing was changed
 * @param steps            every statement, "server: SQL", passwords masked, in order
 * @param writePause       switchover: from the old source turning read-only to the new one writable; null otherwise
 * @param lostTransactions GTIDs the old source had and the new source lacks: "" none, null unknown (the old source
 *                         could not be read)
 * @param replicas         the servers that now replicate from the new source
 */
public record SourceChangeResult(String operation, String oldSource, String newSource, boolean dryRun, List<String> steps,
                                 Duration writePause, String lostTransactions, List<String> replicas) implements JsonReport {

    public SourceChangeResult {
        steps = List.copyOf(steps);
        replicas = List.copyOf(replicas);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", operation);
        m.put("old_source", oldSource);
        m.put("new_source", newSource);
        m.put("dry_run", dryRun);
        m.put("write_pause_ms", writePause == null ? null : writePause.toMillis());
        m.put("lost_transactions", lostTransactions);
        m.put("replicas", replicas);
        m.put("steps", steps);
        return m;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append(dryRun ? operation + " (dry run, nothing changed): " : operation + ": ").append(oldSource).append(" -> ")
                .append(newSource).append(nl);
        steps.forEach(s -> sb.append("  ").append(s).append(nl));
        if (writePause != null) {
            sb.append("writes paused for ").append(writePause.toMillis()).append(" ms").append(nl);
        }
        if (!dryRun) {
            sb.append("lost transactions: ").append(lostTransactions == null ? "unknown (the old source could not be read)"
                    : lostTransactions.isEmpty() ? "none" : lostTransactions).append(nl);
            sb.append("replicas of ").append(newSource).append(": ").append(replicas.isEmpty() ? "none" : String.join(", ", replicas))
                    .append(nl);
        }
        return sb.toString();
    }
}
