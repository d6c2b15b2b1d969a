package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.identity.TargetGuard;
import io.cqrs.admin.internal.GlobalReadLock;
import io.cqrs.admin.internal.KeyBound;
import io.cqrs.admin.internal.NonTransactionalTables;
import io.cqrs.admin.internal.SystemVersioning;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.replication.GtidState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code verify}: compares every table (or the named ones) between source and replica, chunk by
 * chunk, at one GTID point — the runbook's "insert a row, sleep, select it on the replica", made
 * exhaustive.
 *
 * <p>How both sides see the same point without locking the source for the whole run:
 * <ol>
 *   <li>the replica's applier is paused (MySQL: SQL thread; MariaDB: both threads, which its UNTIL needs);</li>
 *   <li>the source takes a consistent snapshot the way {@code dump} does — FLUSH TABLES WITH READ LOCK,
 *       START TRANSACTION WITH CONSISTENT SNAPSHOT, read the executed GTIDs G, UNLOCK TABLES (the lock
 *       is held for milliseconds);</li>
 *   <li>the replica applies up to exactly G and stops there (START REPLICA SQL_THREAD UNTIL SQL_AFTER_GTIDS = G /
 *       START SLAVE UNTIL master_gtid_pos = G), then opens its own consistent snapshot; its applier
 *       resumes right after, while the comparison reads the two snapshots;</li>
 *   <li>chunks are primary-key ranges cut on the source snapshot ({@code chunkRows} keys each; the last
 *       one open-ended so rows only the replica has beyond the source's last key are caught); each chunk
 *       is COUNT(*) and BIT_XOR of a 64-bit slice of MD5 over the row's column values as bytes and NULL flags, on both
 *       sides with the same bounds. Tables without a primary key, or with an ENUM or SET column in it (such
 *       a column sorts by its definition and compares by its text), are one chunk.</li>
 * </ol>
 * Tables without transactions (MyISAM, Aria, MEMORY) are outside both snapshots: they are compared first,
 * while the source's lock still holds and the replica's applier stands at the same GTIDs (writes wait).
 * A replica that is not replicating is compared as it stands ({@link VerifyReport#aligned()} false).
 */
public final class ConsistencyVerifier {

    private static final Set<String> SYSTEM = Set.of("mysql", "sys", "information_schema", "performance_schema");

    private ConsistencyVerifier() {
    }

    public static VerifyReport verify(ServerEndpoint source, ServerEndpoint replica, VerifyOptions options) {
        // a server compared with itself is always "consistent": prove the pair first
        TargetGuard.checkPair(source, replica, List.of(), "verify", false, SafetyOverrides.none());
        try (Connection lock = source.connect(); Connection sc = source.connect(); Connection rc = replica.connect();
             Connection control = replica.connect()) {
            Dialect sd = source.dialect();
            Dialect rd = replica.dialect();
            boolean replicating = replicating(control, rd);
            // what to compare, read before the lock: under it, a write blocked on a MyISAM table keeps
            // information_schema waiting for that table
            List<TablePlan> plans = new ArrayList<>();
            for (String t : tables(sc, options.tables())) {
                plans.add(TablePlan.of(sc, t));
            }
            Set<String> nonTransactional = NonTransactionalTables.of(sc);
            List<TablePlan> underLock = plans.stream().filter(p -> nonTransactional.contains(p.table())).toList();
            Map<String, VerifyReport.TableResult> results = new LinkedHashMap<>();
            boolean resume = false;
            String g;
            try {
                if (replicating) {
                    exec(control, rd.stopApplierForUntil());
                    resume = true;
                }
                try (GlobalReadLock held = GlobalReadLock.take(lock, source.toString())) {
                    g = held.snapshot(List.of(sc), sd);
                    if (underLock.isEmpty()) {
                        held.release();
                    }
                    if (replicating) {
                        exec(control, rd.startApplierUntil(g));
                        if (!rd.awaitGtids(control, g, options.timeout())) {
                            throw new AdminException("verify: " + replica + " did not reach the source's GTIDs " + g + " within "
                                    + rd.waitSeconds(options.timeout()) + " s; run diagnose, or verify again with a longer --timeout");
                        }
                    }
                    exec(rc, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    exec(rc, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
                    // tables without transactions are outside both snapshots: compared while the source is locked
                    // and the replica's applier stands at the same GTIDs
                    for (TablePlan p : underLock) {
                        results.put(p.table(), table(sc, rc, p, options.chunkRows()));
                    }
                }
            } finally {
                if (resume) {
                    for (String s : rd.resumeApplier()) {
                        exec(control, s);
                    }
                }
            }
            List<VerifyReport.TableResult> ordered = new ArrayList<>();
            for (TablePlan p : plans) {
                VerifyReport.TableResult r = results.get(p.table());
                ordered.add(r != null ? r : table(sc, rc, p, options.chunkRows()));
            }
            exec(sc, "COMMIT");
            exec(rc, "COMMIT");
            return new VerifyReport(source.address(), replica.address(), g, replicating, ordered);
        } catch (SQLException e) {
            throw new AdminException("verify " + replica + " against " + source + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean replicating(Connection c, Dialect d) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(d.showReplicaStatus())) {
            if (!rs.next()) {
                return false;
            }
            return "Yes".equalsIgnoreCase(col(rs, "Replica_SQL_Running", "Slave_SQL_Running"))
                    && "Yes".equalsIgnoreCase(col(rs, "Replica_IO_Running", "Slave_IO_Running"));
        }
    }

    private static String col(ResultSet rs, String a, String b) throws SQLException {
        try {
            return rs.getString(a);
        } catch (SQLException e) {
            return rs.getString(b);
        }
    }

    private static List<String> tables(Connection sc, List<String> wanted) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Statement st = sc.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE IN " + SystemVersioning.TABLE_TYPES
                        + " ORDER BY 1, 2")) {
            while (rs.next()) {
                String db = rs.getString(1);
                String name = db + "." + rs.getString(2);
                if (wanted.isEmpty() ? !SYSTEM.contains(db.toLowerCase()) : wanted.contains(db) || wanted.contains(name)) {
                    all.add(name);
                }
            }
        }
        for (String w : wanted) {
            if (all.stream().noneMatch(t -> t.equals(w) || t.startsWith(w + "."))) {
                throw new AdminException("verify: no table or database '" + w + "' on the source; name tables as db.table");
            }
        }
        return all;
    }

    /**
     * What comparing a table takes from the catalog: its columns, its primary key, and whether that key can be
     * cut into ranges (an ENUM or SET sorts by its definition and compares by its text: ranges "after a key"
     * would not follow the key's order, and rows would fall in no chunk or in two).
     */
    private record TablePlan(String table, String quoted, List<String> columns, List<String> key, boolean ranged, boolean versioned) {

        static TablePlan of(Connection sc, String table) throws SQLException {
            String db = table.substring(0, table.indexOf('.'));
            String name = table.substring(table.indexOf('.') + 1);
            List<String> columns = new ArrayList<>(ConsistencyVerifier.columns(sc, db, name, "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION"));
            // a system-versioned table (MariaDB) is compared with its history (SystemVersioning)
            boolean versioned = ConsistencyVerifier.columns(sc, db, name, "SELECT TABLE_TYPE FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?").stream().anyMatch(SystemVersioning::versioned);
            if (versioned && ConsistencyVerifier.columns(sc, db, name, "SELECT GENERATION_EXPRESSION FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?").stream().noneMatch(SystemVersioning::periodColumn)) {
                columns.addAll(SystemVersioning.HIDDEN_PERIOD_COLUMNS);
            }
            List<String> key = ConsistencyVerifier.columns(sc, db, name, "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
                    + "AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX");
            boolean ranged = !key.isEmpty() && ConsistencyVerifier.columns(sc, db, name, "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_KEY = 'PRI' AND DATA_TYPE IN ('enum', 'set')").isEmpty();
            return new TablePlan(table, Dialect.quoteIdentifier(db) + "." + Dialect.quoteIdentifier(name), columns, key, ranged, versioned);
        }
    }

    private static VerifyReport.TableResult table(Connection sc, Connection rc, TablePlan plan, int chunkRows) throws SQLException {
        String table = plan.table();
        String q = plan.quoted();
        List<String> columns = plan.columns();
        List<String> key = plan.key();
        // every value as its bytes: in a common character set two codes of one character (cp932's NEC and IBM
        // duplicates) would look equal
        String row = "CONCAT_WS('#', " + String.join(", ", columns.stream().map(c -> "CAST(" + Dialect.quoteIdentifier(c) + " AS BINARY)")
                .toList()) + ", CONCAT("
                + String.join(", ", columns.stream().map(c -> "ISNULL(" + Dialect.quoteIdentifier(c) + ")").toList()) + "))";
        // the primary key forced: statistics a load has not refreshed yet (a table of 50,000 rows estimated at 2)
        // made the optimizer scan the whole table for every chunk. (In that window MySQL 8.0.15 may still find
        // the next chunk's end by reading the index from its start; InnoDB refreshes the statistics within seconds.)
        String from = " FROM " + SystemVersioning.from(q, plan.versioned()) + (key.isEmpty() ? "" : " FORCE INDEX (PRIMARY)");
        String sum = "SELECT COUNT(*), COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(MD5(" + row + "), 1, 16), 16, 10) AS UNSIGNED)), 0)" + from;
        List<String> k = key.stream().map(Dialect::quoteIdentifier).toList();
        String keyList = String.join(", ", k);
        // key ranges spelt out (KeyBound), not row comparisons: those read the whole index for every chunk
        String after = key.isEmpty() ? null : "(" + KeyBound.AFTER.sql(k) + ")";
        String upTo = key.isEmpty() ? null : "(" + KeyBound.AT_OR_BEFORE.sql(k) + ")";
        List<List<Object>> bounds = new ArrayList<>();
        if (plan.ranged()) {
            List<Object> lower = null;
            while (true) {
                String sql = "SELECT " + keyList + from + (lower == null ? "" : " WHERE " + after)
                        + " ORDER BY " + keyList + " LIMIT 1 OFFSET " + (chunkRows - 1);
                List<Object> next = null;
                try (PreparedStatement ps = sc.prepareStatement(sql)) {
                    bind(ps, lower, 0);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            next = new ArrayList<>();
                            for (int i = 1; i <= key.size(); i++) {
                                next.add(KeyBound.value(rs, i));
                            }
                        }
                    }
                }
                if (next == null) {
                    break;
                }
                bounds.add(next);
                lower = next;
            }
        }
        List<VerifyReport.ChunkMismatch> mismatches = new ArrayList<>();
        long sourceRows = 0;
        long replicaRows = 0;
        int chunks = bounds.size() + 1;
        String problem = null;
        for (int i = 0; i < chunks; i++) {
            List<Object> lo = i == 0 ? null : bounds.get(i - 1);
            List<Object> hi = i < bounds.size() ? bounds.get(i) : null;
            String where = "";
            if (lo != null || hi != null) {
                where = " WHERE " + (lo == null ? "" : after) + (lo != null && hi != null ? " AND " : "") + (hi == null ? "" : upTo);
            }
            long[] s = chunk(sc, sum + where, lo, hi);
            long[] r;
            try {
                r = chunk(rc, sum + where, lo, hi);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1146 || e.getErrorCode() == 1054) {
                    problem = "differs on the replica: " + e.getMessage();
                    sourceRows += s[0];
                    continue;
                }
                throw e;
            }
            sourceRows += s[0];
            replicaRows += r[0];
            if (s[0] != r[0] || s[1] != r[1]) {
                mismatches.add(new VerifyReport.ChunkMismatch(table, show(lo), show(hi), s[0], r[0], VerifyReport.checksumText(s[1]),
                        VerifyReport.checksumText(r[1])));
            }
        }
        return new VerifyReport.TableResult(table, key, chunks, sourceRows, replicaRows, problem, mismatches);
    }

    private static long[] chunk(Connection c, String sql, List<Object> lo, List<Object> hi) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = bind(ps, lo, 0);
            bind(ps, hi, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), new java.math.BigDecimal(rs.getString(2)).longValue()};
            }
        }
    }

    /** Binds a key bound's values ({@link KeyBound#bind}: the key's values as its placeholders take them) from {@code offset + 1}. */
    private static int bind(PreparedStatement ps, List<Object> key, int offset) throws SQLException {
        if (key == null) {
            return offset;
        }
        for (Object v : KeyBound.bind(key)) {
            ps.setObject(++offset, v);
        }
        return offset;
    }

    private static String show(List<Object> key) {
        if (key == null) {
            return null;
        }
        List<String> s = key.stream().map(v -> v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(v)).toList();
        return s.size() == 1 ? s.get(0) : "(" + String.join(", ", s) + ")";
    }

    private static List<String> columns(Connection c, String db, String table, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
