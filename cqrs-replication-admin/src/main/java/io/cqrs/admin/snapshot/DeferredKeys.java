package io.cqrs.admin.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code SHOW CREATE TABLE} text into the table without its plain secondary keys and
 * foreign keys, and the two {@code ALTER TABLE}s that add them back: a bulk copy creates the former,
 * loads the rows in key order, then builds those indexes in one sorted pass instead of a random
 * B-tree insert per row (what myloader's {@code --innodb-optimize-keys} does), then adds the foreign
 * keys. Foreign keys go too, because InnoDB would otherwise create an index for each of them at once;
 * they come back in a statement of their own, after the indexes they use, since adding one locks the
 * table at its other end ({@link KeyBuilds} runs them one at a time). PRIMARY, UNIQUE, FULLTEXT and
 * SPATIAL keys and CHECK constraints stay in the CREATE.
 *
 * @param createSql      the CREATE TABLE to run first ({@code original} when nothing is deferred)
 * @param keysSql        the ALTER TABLE that adds the plain secondary keys after the rows are in, or null when none was deferred
 * @param foreignKeysSql the ALTER TABLE that adds the foreign keys after that, or null when the table has none
 */
record DeferredKeys(String createSql, String keysSql, String foreignKeysSql) {

    /** Whether anything was taken out of the CREATE. */
    boolean deferred() {
        return keysSql != null || foreignKeysSql != null;
    }

    /** {@code table} is the unqualified, quoted name the ALTER names (run it in the table's database). */
    static DeferredKeys split(String quotedTable, String original) {
        String[] lines = original.split("\n", -1);
        int close = -1;
        for (int i = lines.length - 1; i > 0; i--) {
            if (lines[i].startsWith(")")) {
                close = i;
                break;
            }
        }
        if (!lines[0].endsWith("(") || close < 0) {
            return new DeferredKeys(original, null, null); // not the layout SHOW CREATE TABLE prints: leave it alone
        }
        List<String> kept = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        for (int i = 1; i < close; i++) {
            String def = lines[i].strip();
            if (def.endsWith(",")) {
                def = def.substring(0, def.length() - 1);
            }
            if (def.startsWith("KEY `")) {
                keys.add("ADD " + def);
            } else if (def.startsWith("CONSTRAINT `") && def.contains(" FOREIGN KEY ")) {
                foreignKeys.add("ADD " + def);
            } else {
                kept.add(lines[i].endsWith(",") ? lines[i].substring(0, lines[i].length() - 1) : lines[i]);
            }
        }
        if ((keys.isEmpty() && foreignKeys.isEmpty()) || kept.isEmpty()) {
            return new DeferredKeys(original, null, null);
        }
        StringBuilder sb = new StringBuilder(original.length()).append(lines[0]).append('\n');
        sb.append(String.join(",\n", kept)).append('\n');
        for (int i = close; i < lines.length; i++) {
            sb.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        }
        return new DeferredKeys(sb.toString(), alter(quotedTable, keys), alter(quotedTable, foreignKeys));
    }

    private static String alter(String quotedTable, List<String> additions) {
        return additions.isEmpty() ? null : "ALTER TABLE " + quotedTable + " " + String.join(", ", additions);
    }
}
