package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import io.cqrs.admin.replication.ReplicationHealth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code diagnose} found about one replica and what {@code recover} would do about it.
 *
 * @param state null when the source could not be read
 */
public record Diagnosis(Instant at, String source, String replica, ReplicationHealth health, ReplicaStateReport state,
                        List<Finding> findings, RecoveryPlan plan) implements JsonReport {

    public Diagnosis {
        findings = List.copyOf(findings);
    }

    /** No finding is a warning or an error (the runbook's check-replication passes and the GTIDs agree). */
    public boolean healthy() {
        return findings.stream().noneMatch(Finding::isProblem);
    }

    public boolean has(FindingKind kind) {
        return findings.stream().anyMatch(f -> f.kind() == kind);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.toString());
        m.put("source", source);
        m.put("replica", replica);
        m.put("healthy", healthy());
        m.put("state", state);
        m.put("findings", findings);
        m.put("plan", plan);
        m.put("status", health.fields());
        return m;
    }

    public String toJson() {
        return Json.write(this);
    }

    /** For terminals: the findings, the GTID state and the plan. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("replica ").append(replica).append(" of ").append(source).append(": ").append(healthy() ? "healthy" : "UNHEALTHY")
                .append(System.lineSeparator());
        for (Finding f : findings) {
            sb.append("  ").append(f.toLine()).append(System.lineSeparator());
            f.evidence().forEach((k, v) -> {
                if (v != null && !"".equals(v)) {
                    sb.append("      ").append(k).append(": ").append(v).append(System.lineSeparator());
                }
            });
        }
        if (state != null) {
            sb.append("  GTID state: ").append(state.state()).append(" - ").append(state.explanation());
            List<String> blockers = findings.stream().filter(f -> f.severity() == Severity.ERROR && f.kind() != FindingKind.BINLOGS_PURGED
                    && f.kind() != FindingKind.ERRANT_GTIDS).map(f -> f.kind().name()).toList();
            if ((state.state() == ReplicaState.RECOVERABLE || state.state() == ReplicaState.IDENTICAL) && !blockers.isEmpty()) {
                // the GTID sets say nothing about errors: do not read as "all is well" next to them
                sb.append(" (judged from the GTID sets only; ").append(String.join(", ", blockers))
                        .append(" above stops replication until it is repaired)");
            }
            sb.append(System.lineSeparator());
        }
        sb.append("  plan: ").append(plan.summary()).append(System.lineSeparator());
        return sb.toString();
    }

    /** One line for watch: time, verdict, finding kinds, plan. */
    public String toLine() {
        return at + " " + replica + " " + (healthy() ? "OK" : "UNHEALTHY") + " "
                + String.join(",", findings.stream().map(f -> f.kind().name()).toList())
                + (plan.isEmpty() && plan.automatic() ? "" : " plan: " + plan.summary());
    }
}
