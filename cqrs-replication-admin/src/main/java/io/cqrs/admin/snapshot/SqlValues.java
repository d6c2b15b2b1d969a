package io.cqrs.admin.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * SQL literals for dump files and direct copies. Values arrive as the raw bytes of the text
 * protocol (the server's own rendering, in utf8mb4), so numbers, dates and decimals are written
 * exactly as the server printed them; binary values become hex so the file stays valid UTF-8.
 * The output assumes {@code NO_BACKSLASH_ESCAPES} is off, which the dump prologue ensures.
 */
public final class SqlValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SqlValues() {
    }

    /** Appends one value; {@code raw == null} is SQL NULL. */
    public static void append(StringBuilder sb, byte[] raw, ValueKind kind) {
        if (raw == null) {
            sb.append("NULL");
            return;
        }
        switch (kind) {
            case NUMBER -> sb.append(new String(raw, StandardCharsets.US_ASCII));
            case BINARY, RAW_TEXT -> appendHex(sb, raw);
            case TEXT -> appendQuoted(sb, new String(raw, StandardCharsets.UTF_8));
        }
    }

    /** {@code 0x...}, or {@code ''} for an empty value. */
    public static void appendHex(StringBuilder sb, byte[] raw) {
        if (raw.length == 0) {
            sb.append("''");
            return;
        }
        sb.append("0x");
        for (byte b : raw) {
            sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }

    /** A single-quoted string with {@code \0 \n \r \\ \' \Z} escaped (the escapes mysqldump uses). */
    public static void appendQuoted(StringBuilder sb, String s) {
        sb.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\0' -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        sb.append('\'');
    }

    /** A backtick-quoted identifier. */
    public static String identifier(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    /** {@code `db`.`table`}. */
    public static String qualified(String database, String table) {
        return identifier(database) + "." + identifier(table);
    }
}
