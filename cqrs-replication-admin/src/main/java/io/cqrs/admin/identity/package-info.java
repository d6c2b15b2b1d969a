/**
 * Identity before change: who each server is ({@link io.cqrs.admin.identity.ServerIdentity}) and
 * the checks every command that writes runs first ({@link io.cqrs.admin.identity.TargetGuard}),
 * refusing, with nothing changed, when the replica is the source, replicates from another source,
 * or is followed by replicas a destructive step would break.
 */
package io.cqrs.admin.identity;
