package io.cqrs.admin.snapshot;

import java.util.Locale;
import java.util.Set;

/** How a column's values are written as SQL literals. */
public enum ValueKind {
    /** Numbers: written as the server sent them, unquoted. */
    NUMBER,
    /** Binary strings, BLOBs, BIT and spatial values: written as hex ({@code 0x...}). */
    BINARY,
    /** Everything else (text, ENUM/SET, dates and times, JSON, INET6, UUID): quoted and escaped. */
    TEXT;

    private static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "real", "year");
    private static final Set<String> BINARIES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection", "geomcollection");

    /**
     * Types whose text-protocol value loads back exactly through {@code LOAD DATA} as a
     * tab-separated field (binary strings as hex through {@code UNHEX}). BIT, spatial types and
     * anything unlisted (MariaDB's INET6/UUID, future types) are copied with INSERTs instead.
     */
    private static final Set<String> LOADABLE = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "real", "year",
            "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set",
            "date", "time", "datetime", "timestamp", "json");

    /** Whether a column of this information_schema.COLUMNS.DATA_TYPE can be bulk-loaded (see {@link #LOADABLE}). */
    public static boolean loadable(String dataType) {
        return LOADABLE.contains(dataType.toLowerCase(Locale.ROOT));
    }

    /** From information_schema.COLUMNS.DATA_TYPE. */
    public static ValueKind of(String dataType) {
        String t = dataType.toLowerCase(Locale.ROOT);
        if (NUMBERS.contains(t)) {
            return NUMBER;
        }
        return BINARIES.contains(t) ? BINARY : TEXT;
    }
}
