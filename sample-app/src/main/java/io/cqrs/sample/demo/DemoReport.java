package io.cqrs.sample.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's summary: per endpoint, what the router did (from a {@link RoutingLedger}) next to
 * what the answers said ({@code served_by} tallies).
 */
public final class DemoReport {

    public static final List<String> HEADER = List.of("endpoint", "role", "server_id", "writes", "reads",
            "fallback reads", "token reads", "token checks", "token fallbacks", "answers (served_by)");

    private DemoReport() {
    }

    /**
     * @param ledger    the router's counters
     * @param serverIds endpoint name → {@code @@server_id}, in display order
     * @param answers   {@code served_by} → number of responses that carried it
     */
    public static String render(RoutingLedger ledger, Map<String, Long> serverIds, Map<Long, Long> answers) {
        Map<String, RoutingLedger.Counts> counts = ledger.snapshot();
        Map<String, Long> endpoints = new LinkedHashMap<>(serverIds);
        counts.keySet().forEach(e -> endpoints.putIfAbsent(e, null));
        Map<Long, Long> unclaimed = new TreeMap<>(answers);
        TextTable t = new TextTable(HEADER);
        for (Map.Entry<String, Long> e : endpoints.entrySet()) {
            RoutingLedger.Counts c = counts.get(e.getKey());
            Long id = e.getValue();
            Long answered = id == null ? null : unclaimed.remove(id);
            t.row(List.of(e.getKey(),
                    c == null || c.role() == null ? (e.getKey().startsWith("source") ? "source" : "replica") : c.role().name().toLowerCase(),
                    id == null ? "-" : id,
                    c == null ? 0 : c.writes(),
                    c == null ? 0 : c.reads(),
                    c == null ? 0 : c.fallbackReads(),
                    c == null ? 0 : c.tokenReads(),
                    c == null ? 0 : c.tokenChecks(),
                    c == null ? 0 : c.tokenFallbacks(),
                    answered == null ? 0 : answered));
        }
        unclaimed.forEach((id, n) -> t.row(List.of("(unknown)", "-", id, 0, 0, 0, 0, 0, 0, n)));
        return t.render();
    }
}
