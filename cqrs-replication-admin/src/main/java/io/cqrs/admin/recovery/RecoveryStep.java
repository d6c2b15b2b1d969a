package io.cqrs.admin.recovery;

/** One step of a {@link RecoveryPlan}, in the order the runbook ran them. Each is idempotent. */
public enum RecoveryStep {
    /** On the source: create the replication user if missing, set its password, grant REPLICATION SLAVE. */
    ENSURE_REPLICATION_USER("recreate the replication user and its grant on the source"),
    /** On the replica: stop, CHANGE MASTER/SOURCE with the known address, user and password (GTID auto-position kept). */
    REPOINT_REPLICA("point the replica at the source again (address, user, password, public key)"),
    /** On the replica: stop what runs, start both threads, wait until they run. */
    START_THREADS("restart the replication threads"),
    /** On the replica: configure replication from its own GTID state and start (checked first). */
    START_REPLICATION("configure and start replication from the replica's own GTIDs"),
    /** On the replica: STOP REPLICA; RESET REPLICA ALL. */
    RESET_REPLICA("stop and forget the replication configuration"),
    /** On the replica: its binlogs and GTID history too (RESET MASTER; MariaDB also gtid_slave_pos). */
    RESET_GTID_HISTORY("clear the replica's binary logs and GTID history"),
    /** Snapshot the source, copy into the replica, start from the snapshot's position, wait. */
    PROVISION("rebuild the replica from a consistent snapshot of the source"),
    /** Wait until the replica has applied what the source has now. */
    WAIT_CAUGHT_UP("wait until the replica has caught up");

    private final String description;

    RecoveryStep(String description) {
        this.description = description;
    }

    /** The step logs the replica in to the source: it needs the replication account's user and password. */
    public boolean needsReplicationCredentials() {
        return this == ENSURE_REPLICATION_USER || this == REPOINT_REPLICA || this == START_REPLICATION || this == PROVISION;
    }

    /** The step changes the replica's data or GTID history (so replicas following it would be harmed). */
    public boolean changesReplicaData() {
        return this == RESET_GTID_HISTORY || this == PROVISION;
    }

    public String description() {
        return description;
    }
}
