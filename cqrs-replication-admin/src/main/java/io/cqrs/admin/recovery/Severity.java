package io.cqrs.admin.recovery;

/** How bad a {@link Finding} is. */
public enum Severity {
    /** A check passed. */
    OK,
    /** Worth knowing, nothing to do. */
    INFO,
    /** Works now, will hurt later (lag, short binlog retention, writable replica). */
    WARNING,
    /** Replication is broken or will break. */
    ERROR;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
