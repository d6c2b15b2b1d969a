package io.cqrs.admin.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MariaDB's system-versioned tables as the snapshot copies them and verify compares them: with every row version
 * ({@code FOR SYSTEM_TIME ALL}) and its row-start and row-end values. Those are columns the table names
 * ({@code GENERATED ALWAYS AS ROW START/END}, which information_schema lists as generated), or else the hidden
 * {@code ROW_START} and {@code ROW_END}, which it does not list at all. May change at any time.
 */
public final class SystemVersioning {

    /** The table types a copy and a verify read: base tables and system-versioned ones ({@code IN} list). */
    public static final String TABLE_TYPES = "('BASE TABLE', 'SYSTEM VERSIONED')";
    /** The row-version columns of a table that does not name them. */
    public static final List<String> HIDDEN_PERIOD_COLUMNS = List.of("ROW_START", "ROW_END");
    private static final Set<String> ROW_PERIOD = Set.of("ROW START", "ROW END");

    private SystemVersioning() {
    }

    /** Whether information_schema's {@code TABLE_TYPE} is that of a system-versioned table. */
    public static boolean versioned(String tableType) {
        return "SYSTEM VERSIONED".equalsIgnoreCase(tableType);
    }

    /** Whether a column with this {@code GENERATION_EXPRESSION} is a named row-start or row-end column. */
    public static boolean periodColumn(String generationExpression) {
        return generationExpression != null && ROW_PERIOD.contains(generationExpression.toUpperCase(Locale.ROOT));
    }

    /** What to read from {@code qualifiedTable}: all its row versions when it is versioned. */
    public static String from(String qualifiedTable, boolean versioned) {
        return versioned ? qualifiedTable + " FOR SYSTEM_TIME ALL" : qualifiedTable;
    }
}
