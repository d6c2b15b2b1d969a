package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check of {@code watch}.
 *
 * @param check         1, 2, ...
 * @param diagnosis     null when the check itself failed (see {@code error})
 * @param recovery      what auto-recovery did, or null
 * @param error         why the check failed, or why auto-recovery did not run or failed; else null
 */
public record WatchEvent(int check, java.time.Instant at, Diagnosis diagnosis, RecoveryResult recovery, String error)
        implements JsonReport {

    /** Healthy at the check, or made healthy by its recovery. */
    public boolean healthy() {
        return diagnosis != null && (diagnosis.healthy() || (recovery != null && recovery.recovered()));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("at", at.toString());
        m.put("replica", diagnosis == null ? null : diagnosis.replica());
        m.put("healthy", healthy());
        m.put("findings", diagnosis == null ? java.util.List.of() : diagnosis.findings());
        m.put("plan", diagnosis == null ? null : diagnosis.plan());
        m.put("recovered", recovery == null ? null : recovery.recovered());
        m.put("recovery_steps", recovery == null ? null : recovery.steps().stream().map(s -> s.step().name()).toList());
        m.put("error", error);
        return m;
    }

    public String toJson() {
        return Json.write(this);
    }

    public String toLine() {
        return "#" + check + " " + (diagnosis == null ? at + " CHECK FAILED" : diagnosis.toLine())
                + (recovery != null ? " | recovered: " + recovery.recovered() : "")
                + (error != null ? " | " + error : "");
    }
}
