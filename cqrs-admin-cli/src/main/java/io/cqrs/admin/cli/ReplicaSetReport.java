package io.cqrs.admin.cli;

import io.cqrs.admin.replication.ReplicaSet;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.internal.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@code check-replication} and {@code diagnose} print when they look at every replica of a
 * source: which server is the source, what keeps the set from being healthy, then one report per
 * replica. One JSON object with {@code --json}.
 *
 * @param <R> the per-replica report
 */
final class ReplicaSetReport<R> {

    private final ReplicaSet set;
    private final List<R> reports;
    private final boolean healthy;

    private ReplicaSetReport(ReplicaSet set, List<R> reports, boolean healthy) {
        this.set = set;
        this.reports = reports;
        this.healthy = healthy;
    }

    /** Runs {@code report} on every pair of {@code set}; healthy when there are no problems and every report is. */
    static <R> ReplicaSetReport<R> of(ReplicaSet set, Function<ReplicationAdmin, R> report, Predicate<R> isHealthy) {
        List<R> reports = new ArrayList<>();
        for (ReplicationAdmin pair : set.pairs()) {
            reports.add(report.apply(pair));
        }
        return new ReplicaSetReport<>(set, reports, set.problems().isEmpty() && reports.stream().allMatch(isHealthy));
    }

    boolean healthy() {
        return healthy;
    }

    int exitCode() {
        return healthy ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    /** Prints the set: as one JSON object ({@code fields} per report) or as text ({@code text} per report). */
    void print(PrintWriter out, boolean json, Function<R, Object> fields, Function<R, String> text) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", set.source().describe());
            m.put("healthy", healthy);
            m.put("problems", set.problems());
            m.put("replicas", reports.stream().map(fields).toList());
            out.println(Json.write(m));
            return;
        }
        out.printf("%s, %s%n", set.describe(), healthy ? "healthy" : "UNHEALTHY");
        set.problems().forEach(p -> out.println("  problem: " + p));
        for (R r : reports) {
            out.println();
            out.print(text.apply(r));
        }
    }
}
