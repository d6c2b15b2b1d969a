package io.cqrs.admin.snapshot;

/** The markers of the dump file formats restore understands. */
public enum DumpFormat {
    /** Written by {@link DumpFileSink}: completion marker with row counts and a CRC-32. */
    CQRS("-- cqrs-dump", "-- cqrs-dump completed:"),
    /** Written by mysqldump. */
    MYSQLDUMP("-- MySQL dump", "-- Dump completed"),
    /** Written by mariadb-dump (mysqldump of MariaDB). */
    MARIADB_DUMP("-- MariaDB dump", "-- Dump completed"),
    /** Plain SQL of unknown origin: no completion marker to check. */
    PLAIN_SQL("", "");

    private final String headerPrefix;
    private final String completionPrefix;

    DumpFormat(String headerPrefix, String completionPrefix) {
        this.headerPrefix = headerPrefix;
        this.completionPrefix = completionPrefix;
    }

    public String headerPrefix() {
        return headerPrefix;
    }

    public String completionPrefix() {
        return completionPrefix;
    }

    static DumpFormat ofFirstLine(String line) {
        for (DumpFormat f : new DumpFormat[] {CQRS, MYSQLDUMP, MARIADB_DUMP}) {
            if (line.startsWith(f.headerPrefix)) {
                return f;
            }
        }
        return PLAIN_SQL;
    }
}
