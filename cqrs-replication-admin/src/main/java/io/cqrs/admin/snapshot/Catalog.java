package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.internal.SystemVersioning;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads what to copy from information_schema and SHOW CREATE. */
final class Catalog {

    static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys");
    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    private Catalog() {
    }

    static List<String> databases(Connection c, List<String> requested) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                all.add(rs.getString(1));
            }
        }
        if (requested.isEmpty()) {
            return all.stream().filter(d -> !SYSTEM_DATABASES.contains(d.toLowerCase(Locale.ROOT))).toList();
        }
        for (String d : requested) {
            if (!all.contains(d)) {
                throw new AdminException("database '" + d + "' does not exist on the source; it has " + all
                        + ". Fix the database list (or leave it empty to copy every non-system database)");
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }

    /**
     * information_schema's current row estimates of the base tables of these databases, keyed by
     * {@link #key(String, String)} (for progress totals only). Read before the snapshot's FLUSH
     * TABLES WITH READ LOCK: the flush makes InnoDB reload a table's estimate from its persistent
     * statistics, which lag behind a table filled in the last seconds (MariaDB keeps them until the
     * next 10 % of changes). On MySQL 8.0 the session first asks for fresh statistics instead of
     * the day-old cache ({@link Dialect#freshTableStatistics()}).
     */
    static Map<String, Long> rowEstimates(Connection c, Dialect dialect, List<String> databases) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        if (databases.isEmpty()) {
            return out;
        }
        String fresh = dialect.freshTableStatistics();
        if (fresh != null) {
            try (Statement st = c.createStatement()) {
                st.execute(fresh);
            }
        }
        String in = String.join(",", java.util.Collections.nCopies(databases.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES "
                + "WHERE TABLE_TYPE IN " + SystemVersioning.TABLE_TYPES + " AND TABLE_SCHEMA IN (" + in + ")")) {
            for (int i = 0; i < databases.size(); i++) {
                ps.setString(i + 1, databases.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(key(rs.getString(1), rs.getString(2)), rs.getLong(3));
                }
            }
        }
        return out;
    }

    static String key(String database, String table) {
        return database + '\0' + table;
    }

    /**
     * The base tables of a database as the snapshot sees them; a table's row estimate is taken from
     * {@code estimates} (see {@link #rowEstimates}) when it has one.
     */
    static List<TableSpec> tables(Connection c, String database, Map<String, Long> estimatesBefore) throws SQLException {
        Map<String, Long> estimates = new LinkedHashMap<>();
        Set<String> versioned = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, COALESCE(TABLE_ROWS, 0), TABLE_TYPE FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN " + SystemVersioning.TABLE_TYPES + " ORDER BY TABLE_NAME")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    estimates.put(rs.getString(1), rs.getLong(2));
                    if (SystemVersioning.versioned(rs.getString(3))) {
                        versioned.add(rs.getString(1));
                    }
                }
            }
        }
        Map<String, List<String[]>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA, CHARACTER_SET_NAME, GENERATION_EXPRESSION"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)});
                }
            }
        }
        Map<String, List<String>> keys = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<TableSpec> out = new ArrayList<>();
        for (Map.Entry<String, Long> t : estimates.entrySet()) {
            List<String> names = new ArrayList<>();
            List<ValueKind> kinds = new ArrayList<>();
            Map<String, String> types = new HashMap<>();
            boolean loadable = true;
            boolean isVersioned = versioned.contains(t.getKey());
            boolean periodColumns = false;
            for (String[] col : columns.getOrDefault(t.getKey(), List.of())) {
                types.put(col[0], col[1].toLowerCase(Locale.ROOT));
                String extra = col[2] == null ? "" : col[2].toUpperCase(Locale.ROOT);
                // a versioned table's named row-start and row-end columns are "generated" too, but they are its history
                boolean period = isVersioned && SystemVersioning.periodColumn(col[4]);
                if (extra.contains("GENERATED") && !extra.contains("DEFAULT_GENERATED") && !period) {
                    continue;
                }
                periodColumns |= period;
                names.add(col[0]);
                kinds.add(ValueKind.of(col[1], col[3]));
                loadable &= ValueKind.loadable(col[1]);
            }
            if (isVersioned && !periodColumns) { // WITH SYSTEM VERSIONING alone: the hidden ROW_START and ROW_END
                for (String hidden : SystemVersioning.HIDDEN_PERIOD_COLUMNS) {
                    names.add(hidden);
                    kinds.add(ValueKind.of("timestamp", null));
                }
            }
            List<String> pk = keys.getOrDefault(t.getKey(), List.of());
            // chunkable by value ranges of the key's first column (a composite key keeps each
            // leading value's rows together in one range)
            boolean integerKey = !pk.isEmpty() && INTEGER_TYPES.contains(types.get(pk.get(0)));
            long estimate = estimatesBefore.getOrDefault(key(database, t.getKey()), t.getValue());
            out.add(new TableSpec(database, t.getKey(), names, kinds, pk, integerKey, estimate, loadable && !names.isEmpty(), isVersioned));
        }
        return out;
    }

    static String showCreate(Connection c, String what, String name, int column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE " + what + " " + name)) {
            if (!rs.next() || rs.getString(column) == null) {
                throw new AdminException("SHOW CREATE " + what + " " + name + " returned nothing; the snapshot user needs "
                        + "SELECT, SHOW VIEW, TRIGGER and (for routines) SELECT on mysql.proc / SHOW_ROUTINE privileges");
            }
            return rs.getString(column);
        }
    }

    /**
     * A database's sequences (MariaDB; none on MySQL), by name, with their {@code CREATE SEQUENCE} text. Their
     * values are read later, inside the snapshot ({@link SequenceSpec#read}).
     */
    static Map<String, String> sequences(Connection c, String database) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : names(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SEQUENCE'"
                + " ORDER BY TABLE_NAME", database)) {
            out.put(s, showCreate(c, "SEQUENCE", SqlValues.qualified(database, s), 2));
        }
        return out;
    }

    /** Views in an order that creates each after the views it selects from, then routines, triggers and events. */
    static List<SchemaObject> schemaObjects(Connection c, String database) throws SQLException {
        String db = SqlValues.identifier(database);
        List<SchemaObject> views = new ArrayList<>();
        for (String v : names(c, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", database)) {
            views.add(new SchemaObject(SchemaObject.Kind.VIEW, database, v,
                    showCreate(c, "VIEW", db + "." + SqlValues.identifier(v), 2), null));
        }
        List<SchemaObject> out = new ArrayList<>(orderViews(views));
        for (String[] r : pairs(c, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME", database)) {
            SchemaObject.Kind kind = SchemaObject.Kind.valueOf(r[1].toUpperCase(Locale.ROOT));
            String[] create = createWithMode(c, kind.name() + " " + db + "." + SqlValues.identifier(r[0]));
            out.add(new SchemaObject(kind, database, r[0], create[0], create[1]));
        }
        for (String t : names(c, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER", database)) {
            String[] create = createWithMode(c, "TRIGGER " + db + "." + SqlValues.identifier(t));
            out.add(new SchemaObject(SchemaObject.Kind.TRIGGER, database, t, create[0], create[1]));
        }
        for (String[] e : pairs(c, "SELECT EVENT_NAME, STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME", database)) {
            String what = "EVENT " + db + "." + SqlValues.identifier(e[0]);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE " + what)) {
                if (!rs.next() || rs.getString(4) == null) {
                    throw new AdminException("SHOW CREATE " + what + " returned no definition; the snapshot user needs the EVENT privilege");
                }
                // columns: name, sql_mode, time_zone (the schedule's times are written in it), statement
                out.add(new SchemaObject(SchemaObject.Kind.EVENT, database, e[0], rs.getString(4), rs.getString(2), rs.getString(3),
                        "ENABLED".equalsIgnoreCase(e[1])));
            }
        }
        return out;
    }

    /** SHOW CREATE PROCEDURE/FUNCTION/TRIGGER: column 2 is sql_mode, column 3 the statement. */
    private static String[] createWithMode(Connection c, String what) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE " + what)) {
            if (!rs.next() || rs.getString(3) == null) {
                throw new AdminException("SHOW CREATE " + what + " returned no definition; the snapshot user needs the "
                        + "privileges to read routine and trigger bodies (e.g. SELECT on mysql.* or SHOW_ROUTINE)");
            }
            return new String[] {rs.getString(3), rs.getString(2)};
        }
    }

    private static List<SchemaObject> orderViews(List<SchemaObject> views) {
        List<SchemaObject> ordered = new ArrayList<>();
        List<SchemaObject> pending = new ArrayList<>(views);
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (SchemaObject v : List.copyOf(pending)) {
                boolean ready = pending.stream().noneMatch(o -> o != v && v.createSql().contains(SqlValues.identifier(o.name())));
                if (ready) {
                    ordered.add(v);
                    pending.remove(v);
                    progressed = true;
                }
            }
            if (!progressed) {
                ordered.addAll(pending);
                break;
            }
        }
        return ordered;
    }

    private static List<String> names(Connection c, String sql, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String[] r : pairs(c, sql, database)) {
            out.add(r[0]);
        }
        return out;
    }

    private static List<String[]> pairs(Connection c, String sql, String database) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
