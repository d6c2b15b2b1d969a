package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code verify} found.
 *
 * @param gtidPoint the source's GTIDs both sides were compared at
 * @param aligned   true when the replica was stopped exactly at {@code gtidPoint}; false when it was not replicating and
 *                  was compared as it stood (differences may then be replication lag, not corruption)
 */
public record VerifyReport(String source, String replica, String gtidPoint, boolean aligned, List<TableResult> tables)
        implements JsonReport {

    /** A chunk checksum as text: 16 hex digits, zero-padded, so that two checksums line up digit by digit. */
    public static String checksumText(long checksum) {
        return String.format("%016x", checksum);
    }

    /** One chunk whose row count or checksum differs; bounds are exclusive lower, inclusive upper (null: open). */
    public record ChunkMismatch(String table, String lowerExclusive, String upperInclusive, long sourceRows, long replicaRows,
                                String sourceChecksum, String replicaChecksum) implements JsonReport {
        public String range() {
            return "(" + (lowerExclusive == null ? "-inf" : lowerExclusive) + ", " + (upperInclusive == null ? "+inf" : upperInclusive) + "]";
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", table);
            m.put("lower_exclusive", lowerExclusive);
            m.put("upper_inclusive", upperInclusive);
            m.put("range", range());
            m.put("source_rows", sourceRows);
            m.put("replica_rows", replicaRows);
            m.put("source_checksum", sourceChecksum);
            m.put("replica_checksum", replicaChecksum);
            return m;
        }
    }

    /** @param key the columns chunks are cut by (empty: the table has no primary key and is one chunk) */
    public record TableResult(String table, List<String> key, int chunks, long sourceRows, long replicaRows, String problem,
                              List<ChunkMismatch> mismatches) implements JsonReport {
        public TableResult {
            key = List.copyOf(key);
            mismatches = List.copyOf(mismatches);
        }

        public boolean consistent() {
            return problem == null && mismatches.isEmpty();
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", table);
            m.put("key", key);
            m.put("chunks", chunks);
            m.put("source_rows", sourceRows);
            m.put("replica_rows", replicaRows);
            m.put("consistent", consistent());
            m.put("problem", problem);
            m.put("mismatches", mismatches);
            return m;
        }
    }

    public VerifyReport {
        tables = List.copyOf(tables);
    }

    public boolean consistent() {
        return tables.stream().allMatch(TableResult::consistent);
    }

    public List<ChunkMismatch> mismatches() {
        return tables.stream().flatMap(t -> t.mismatches().stream()).toList();
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("replica", replica);
        m.put("gtid_point", gtidPoint);
        m.put("aligned", aligned);
        m.put("consistent", consistent());
        m.put("tables", tables);
        return m;
    }

    public String toJson() {
        return Json.write(this);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        // every pair of numbers below is "source / replica", in the order of this header
        sb.append(consistent() ? "consistent" : "DIFFERENT").append(": source ").append(source).append(" vs replica ").append(replica)
                .append(" at GTIDs ").append(gtidPoint).append(aligned ? "" : " (replica not replicating: compared as it stands)").append(nl);
        for (TableResult t : tables) {
            sb.append(String.format("  %-40s %s  %d chunks, rows (source / replica) %d / %d%s%n", t.table(), t.consistent() ? "ok  " : "DIFF", t.chunks(),
                    t.sourceRows(), t.replicaRows(), t.problem() == null ? "" : "  " + t.problem()));
            for (ChunkMismatch c : t.mismatches()) {
                sb.append("      key ").append(String.join(",", t.key())).append(" in ").append(c.range()).append(": rows ")
                        .append(c.sourceRows()).append(" / ").append(c.replicaRows()).append(", checksum ").append(c.sourceChecksum())
                        .append(" / ").append(c.replicaChecksum()).append(nl);
            }
        }
        return sb.toString();
    }
}
