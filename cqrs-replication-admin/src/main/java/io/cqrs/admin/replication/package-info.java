/**
 * Replication between one source and one replica: start (checked first, so errors 3546 and 1236
 * are prevented), reset, check, wait until caught up ({@link io.cqrs.admin.replication.ReplicationAdmin}),
 * and the whole rebuild in one call ({@link io.cqrs.admin.replication.Provisioner}); the replica's
 * status as a typed record under either column naming.
 */
package io.cqrs.admin.replication;
