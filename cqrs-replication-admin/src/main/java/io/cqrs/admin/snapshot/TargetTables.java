package io.cqrs.admin.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DDL that creates a copy's tables on the target: a table of the same name the target may have (left by an
 * earlier attempt) is dropped first, and a table worth it is created without the keys {@link KeyBuilds} adds back
 * once its rows are in; every statement runs again when it lost a lock to another session ({@link LostLocks}). Which
 * tables the target already has is looked up once per database, before any is created ({@link #inventory}). The
 * creations run in the background, in the order {@link TableCreations} gives them.
 */
final class TargetTables {

    private static final Logger log = LoggerFactory.getLogger(TargetTables.class);

    private final KeyBuilds keys;
    private final boolean deferKeys;
    private final boolean autoIncLoadsSerialize;
    /** Per database, the names (in lower case) of the base tables it had before the copy. */
    private final Map<String, Set<String>> existing = new ConcurrentHashMap<>();

    /**
     * @param deferKeys             whether large tables are created without their secondary and foreign keys (a bulk copy)
     * @param autoIncLoadsSerialize the target's {@code innodb_autoinc_lock_mode} is below 2: a LOAD DATA into a table with an
     *                              AUTO_INCREMENT column holds its AUTO-INC lock ({@link KeyBuilds} builds such a table's keys online)
     */
    TargetTables(KeyBuilds keys, boolean deferKeys, boolean autoIncLoadsSerialize) {
        this.keys = keys;
        this.deferKeys = deferKeys;
        this.autoIncLoadsSerialize = autoIncLoadsSerialize;
    }

    /** Notes the base tables {@code database} has now, over {@code session}: called once, before any of its tables is created. */
    void inventory(Connection session, String database) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (PreparedStatement ps = session.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'VIEW'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        existing.put(database, tables);
    }

    /**
     * Whether the target may have a table of this name already: it is dropped first. A fresh target has none, and
     * MariaDB spends on a {@code DROP TABLE IF EXISTS} of a missing table about half what it spends creating one.
     * Compared without case: one DROP too many is harmless, one too few fails the CREATE. A database never looked at
     * may have it.
     */
    boolean mayExist(TableSpec table) {
        Set<String> tables = existing.get(table.database());
        return tables == null || tables.contains(table.name().toLowerCase(Locale.ROOT));
    }

    /** Creates {@code table} over {@code session}, without its keys when they are worth deferring ({@link KeyBuilds}). */
    void create(Connection session, TableSpec table, String createSql) throws SQLException, InterruptedException {
        try (Statement st = session.createStatement()) {
            st.execute("USE " + SqlValues.identifier(table.database()));
            if (mayExist(table)) {
                LostLocks.execute(st, "DROP TABLE IF EXISTS " + SqlValues.identifier(table.name()));
            }
            DeferredKeys split = deferKeys && keys.worthDeferring(table)
                    ? DeferredKeys.split(SqlValues.identifier(table.name()), createSql) : null;
            if (split != null && split.deferred()) {
                try {
                    LostLocks.execute(st, split.createSql());
                    keys.defer(table, split, autoIncLoadsSerialize && hasAutoIncrement(session, table));
                    return;
                } catch (SQLException e) {
                    // e.g. an AUTO_INCREMENT column indexed only by a deferred key: keep the table as it is
                    log.debug("{}: secondary keys not deferred ({})", table.displayName(), e.getMessage());
                    LostLocks.execute(st, "DROP TABLE IF EXISTS " + SqlValues.identifier(table.name()));
                }
            }
            LostLocks.execute(st, createSql);
        }
    }

    private static boolean hasAutoIncrement(Connection session, TableSpec table) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT COUNT(*) FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA LIKE '%auto_increment%'")) {
            ps.setString(1, table.database());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }
}
