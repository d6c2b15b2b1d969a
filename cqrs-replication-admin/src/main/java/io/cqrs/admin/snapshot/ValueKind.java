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
    TEXT,
    /**
     * Text in a character set whose bytes do not survive a trip through Unicode (sjis, cp932, ujis, eucjpms,
     * big5, gbk...: sjis turns a backslash into a fullwidth one, cp932 and eucjpms map NEC and IBM duplicates to
     * one code): read as its bytes ({@code CAST(... AS BINARY)}) and written as hex, like {@link #BINARY}; the
     * column takes the bytes as they are.
     */
    RAW_TEXT;

    /** Character sets that map to Unicode and back byte for byte: their text is read as UTF-8. */
    private static final Set<String> UNICODE_SAFE = Set.of("utf8mb4", "utf8mb3", "utf8", "ascii", "latin1");
    private static final Set<String> TEXTS = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");

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

    /** From information_schema.COLUMNS.DATA_TYPE and CHARACTER_SET_NAME (null for non-text columns). */
    public static ValueKind of(String dataType, String characterSet) {
        if (characterSet != null && TEXTS.contains(dataType.toLowerCase(Locale.ROOT))
                && !UNICODE_SAFE.contains(characterSet.toLowerCase(Locale.ROOT))) {
            return RAW_TEXT;
        }
        return of(dataType);
    }

    /** Whether values of this kind are written as hex ({@code 0x...}; in {@code LOAD DATA} input, loaded through {@code UNHEX}). */
    public boolean hex() {
        return this == BINARY || this == RAW_TEXT;
    }

    /** From information_schema.COLUMNS.DATA_TYPE alone (text taken as Unicode-safe). */
    public static ValueKind of(String dataType) {
        String t = dataType.toLowerCase(Locale.ROOT);
        if (NUMBERS.contains(t)) {
            return NUMBER;
        }
        return BINARIES.contains(t) ? BINARY : TEXT;
    }
}
