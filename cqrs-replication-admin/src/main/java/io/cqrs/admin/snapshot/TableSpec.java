package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.SystemVersioning;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A base table as the snapshot copies it.
 *
 * @param columns       the columns written by INSERT (generated columns left out)
 * @param kinds         how each of those columns is written
 * @param primaryKey    the primary key columns in key order (empty when the table has none)
 * @param integerKey    true when the key's first column is an integer (chunked by value ranges of that column)
 * @param estimatedRows information_schema's estimate (read before the snapshot's lock, see {@code Catalog.rowEstimates}): for progress, the
 *                      width of key-range chunks and whether a copy defers the table's keys ({@code KeyBuilds.worthDeferring});
 *                      never for which rows are copied
 * @param bulkLoadable  every copied column has a type {@code LOAD DATA} restores exactly ({@link ValueKind#loadable})
 * @param versioned     a system-versioned table (MariaDB): every row version is copied, with its row-start and
 *                      row-end columns among {@code columns}
 */
public record TableSpec(String database, String name, List<String> columns, List<ValueKind> kinds, List<String> primaryKey,
                        boolean integerKey, long estimatedRows, boolean bulkLoadable, boolean versioned) {

    public TableSpec {
        columns = List.copyOf(columns);
        kinds = List.copyOf(kinds);
        primaryKey = List.copyOf(primaryKey);
    }

    /** A table that is not system-versioned. */
    public TableSpec(String database, String name, List<String> columns, List<ValueKind> kinds, List<String> primaryKey,
                     boolean integerKey, long estimatedRows, boolean bulkLoadable) {
        this(database, name, columns, kinds, primaryKey, integerKey, estimatedRows, bulkLoadable, false);
    }

    /** What the snapshot reads from: the table, and for a system-versioned one all its row versions. */
    String source() {
        return SystemVersioning.from(qualifiedName(), versioned);
    }

    public String qualifiedName() {
        return SqlValues.qualified(database, name);
    }

    /** {@code db.table} for messages. */
    public String displayName() {
        return database + "." + name;
    }

    String columnList() {
        return columns.stream().map(SqlValues::identifier).collect(Collectors.joining(","));
    }

    /** What a snapshot selects: the columns, {@link ValueKind#RAW_TEXT} ones as their bytes (not converted to UTF-8). */
    String selectList() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String c = SqlValues.identifier(columns.get(i));
            sb.append(i == 0 ? "" : ",").append(kinds.get(i) == ValueKind.RAW_TEXT ? "CAST(" + c + " AS BINARY) AS " + c : c);
        }
        return sb.toString();
    }
}
