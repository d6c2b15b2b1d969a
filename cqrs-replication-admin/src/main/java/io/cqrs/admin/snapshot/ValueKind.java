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

    /** From information_schema.COLUMNS.DATA_TYPE. */
    public static ValueKind of(String dataType) {
        String t = dataType.toLowerCase(Locale.ROOT);
        if (NUMBERS.contains(t)) {
            return NUMBER;
        }
        return BINARIES.contains(t) ? BINARY : TEXT;
    }
}
