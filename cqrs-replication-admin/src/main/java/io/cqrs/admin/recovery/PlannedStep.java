package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a recovery as planned or run: where, what, and the SQL (passwords masked).
 *
 * @param server "host:port" the statements go to
 * @param done   true once run (false in a dry run)
 */
public record PlannedStep(RecoveryStep step, String server, List<String> statements, boolean done) implements JsonReport {

    public PlannedStep {
        statements = List.copyOf(statements);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("description", step.description());
        m.put("server", server);
        m.put("statements", statements);
        m.put("done", done);
        return m;
    }
}
