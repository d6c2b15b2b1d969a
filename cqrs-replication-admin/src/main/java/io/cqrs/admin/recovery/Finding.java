package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fact about a replication pair, with the evidence it rests on (error numbers and messages,
 * GTID sets, status fields, variable values).
 *
 * @param server  the server the finding is about ("host:port")
 * @param summary one sentence saying what is wrong (or right) and, for problems, what fixes it
 */
public record Finding(FindingKind kind, Severity severity, String server, String summary, Map<String, Object> evidence)
        implements JsonReport {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence == null ? Map.of() : evidence));
    }

    /** A finding with evidence given as key, value, key, value ... (nulls kept). */
    public static Finding of(FindingKind kind, Severity severity, String server, String summary, Object... keyValues) {
        Map<String, Object> ev = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            ev.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return new Finding(kind, severity, server, summary, ev);
    }

    public boolean isProblem() {
        return severity.atLeast(Severity.WARNING);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("severity", severity);
        m.put("server", server);
        m.put("summary", summary);
        m.put("evidence", evidence);
        return m;
    }

    public String toJson() {
        return Json.write(this);
    }

    /** "ERROR BINLOGS_PURGED 127.0.0.1:3307: summary". */
    public String toLine() {
        return severity + " " + kind + (server == null ? "" : " " + server) + ": " + summary;
    }
}
