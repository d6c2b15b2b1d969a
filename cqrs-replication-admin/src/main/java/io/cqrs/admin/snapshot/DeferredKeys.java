package io.cqrs.admin.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code SHOW CREATE TABLE} text into the table without its plain secondary keys and
 * foreign keys, and the {@code ALTER TABLE} that adds them back: a bulk copy creates the former,
 * loads the rows in key order, then builds those indexes in one sorted pass instead of a random
 * B-tree insert per row (what myloader's {@code --innodb-optimize-keys} does). Foreign keys go too,
 * because InnoDB would otherwise create an index for each of them at once. PRIMARY, UNIQUE,
 * FULLTEXT and SPATIAL keys and CHECK constraints stay in the CREATE.
 *
 * @param createSql the CREATE TABLE to run first ({@code original} when nothing is deferred)
 * @param alterSql  the ALTER TABLE to run after the rows are in, or null when nothing is deferred
 */
record DeferredKeys(String createSql, String alterSql) {

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
            return new DeferredKeys(original, null); // not the layout SHOW CREATE TABLE prints: leave it alone
        }
        List<String> kept = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        for (int i = 1; i < close; i++) {
            String def = lines[i].strip();
            if (def.endsWith(",")) {
                def = def.substring(0, def.length() - 1);
            }
            if (def.startsWith("KEY `") || (def.startsWith("CONSTRAINT `") && def.contains(" FOREIGN KEY "))) {
                deferred.add("ADD " + def);
            } else {
                kept.add(lines[i].endsWith(",") ? lines[i].substring(0, lines[i].length() - 1) : lines[i]);
            }
        }
        if (deferred.isEmpty() || kept.isEmpty()) {
            return new DeferredKeys(original, null);
        }
        StringBuilder sb = new StringBuilder(original.length()).append(lines[0]).append('\n');
        sb.append(String.join(",\n", kept)).append('\n');
        for (int i = close; i < lines.length; i++) {
            sb.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        }
        return new DeferredKeys(sb.toString(), "ALTER TABLE " + quotedTable + " " + String.join(", ", deferred));
    }
}
