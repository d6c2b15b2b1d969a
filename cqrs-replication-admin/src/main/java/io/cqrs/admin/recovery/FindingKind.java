package io.cqrs.admin.recovery;

/** What a {@link Finding} is about: diagnosis kinds first, then the preflight (prevention) checks. */
public enum FindingKind {
    // --- diagnose
    /** The source purged binlogs with GTIDs the replica has not applied (MySQL 13114/1236, MariaDB 1236). */
    BINLOGS_PURGED,
    /** A GTID position overlaps what the replica has executed (MySQL 3546; MariaDB 1945/1947). */
    GTID_OVERLAP,
    /** The replica has transactions the source does not (errant GTIDs; MariaDB 1950 out-of-order). */
    ERRANT_GTIDS,
    /** The replica's IO thread cannot log in (1045) and the replication user exists. */
    ACCESS_DENIED,
    /** The replication user does not exist on the source (shows as 1045 on the replica). */
    REPLICATION_USER_MISSING,
    /** caching_sha2_password needs TLS or the source's public key (2061). */
    SECURE_CONNECTION_REQUIRED,
    /** The replica cannot reach the source (2003/2005), or the admin cannot. */
    SOURCE_UNREACHABLE,
    /** The applier stopped on a row that differs between source and replica (1062 duplicate / 1032 missing). */
    APPLIER_CONFLICT,
    /** Another replication error with no automatic recovery. */
    REPLICATION_ERROR,
    /** Both or one of the threads are stopped with no error: stopped by hand. */
    THREADS_STOPPED,
    /** Running, behind the source. */
    LAGGING,
    /** Running, no errors, caught up. */
    HEALTHY,
    /** The replica has no replication configured. */
    NOT_CONFIGURED,
    // --- preflight
    BINLOG_ENABLED,
    BINLOG_FORMAT,
    GTID_MODE,
    SERVER_ID,
    BINLOG_RETENTION,
    REPLICA_READ_ONLY,
    LOG_REPLICA_UPDATES,
    REPLICATION_GRANTS
}
