package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code recover} did (or, in a dry run, would do).
 *
 * @param before  the diagnosis the plan came from
 * @param steps   the steps with their SQL (masked), done or planned
 * @param refusal why the plan would not run without a flag or by hand (dry run only; a real run throws), or null
 * @param after   the diagnosis after the steps; null in a dry run
 */
public record RecoveryResult(Diagnosis before, boolean dryRun, List<PlannedStep> steps, String refusal, Diagnosis after, Duration elapsed)
        implements JsonReport {

    public RecoveryResult {
        steps = List.copyOf(steps);
    }

    /** Recovered (or nothing to do) and healthy afterwards. */
    public boolean recovered() {
        return !dryRun && after != null && after.healthy();
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", dryRun);
        m.put("plan", before.plan());
        m.put("steps", steps);
        m.put("refusal", refusal);
        m.put("recovered", recovered());
        m.put("before", before);
        m.put("after", after);
        m.put("elapsed_ms", elapsed.toMillis());
        return m;
    }

    public String toJson() {
        return Json.write(this);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder(before.toText());
        String nl = System.lineSeparator();
        sb.append(dryRun ? "dry run, nothing changed; the steps would be:" : "steps:").append(nl);
        for (PlannedStep s : steps) {
            sb.append("  ").append(s.done() ? "[done] " : "[plan] ").append(s.step().name().toLowerCase().replace('_', '-'))
                    .append(" on ").append(s.server()).append(": ").append(s.step().description()).append(nl);
            for (String q : s.statements()) {
                sb.append("      ").append(q).append(nl);
            }
        }
        if (refusal != null) {
            sb.append("refused: ").append(refusal).append(nl);
        }
        if (after != null) {
            sb.append("after: ").append(after.healthy() ? "healthy" : "UNHEALTHY: " + String.join("; ",
                    after.findings().stream().filter(Finding::isProblem).map(Finding::summary).toList())).append(nl);
        }
        return sb.toString();
    }
}
