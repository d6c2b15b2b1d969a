package io.cqrs.admin.recovery;

/** Where a replica's GTIDs stand against its source, before a start or restart. */
public enum ReplicaState {
    /** The replica has executed nothing: it needs a full provision. */
    NEW,
    /** The replica has exactly what the source has. */
    IDENTICAL,
    /** The replica has a part of the source's history and the source still has the rest in its binlogs. */
    RECOVERABLE,
    /** The source purged binlogs with transactions the replica lacks: starting would fail with error 1236. */
    IRRECOVERABLE,
    /** The replica has transactions the source does not have (errant GTIDs). */
    DIVERGED
}
