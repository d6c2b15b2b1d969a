/**
 * The replication admin library: the old runbook (create data, dump, restore, start/reset/check
 * replication, diagnose and repair) as Java calls. {@link io.cqrs.admin.ServerEndpoint} says where
 * a server is and how to log in ({@link io.cqrs.admin.Secret} passwords from the environment or a
 * file, never logged); {@link io.cqrs.admin.AdminException} is what every call throws, with the
 * fix in its message. The work itself lives in the subpackages: {@code replication},
 * {@code snapshot}, {@code recovery}, {@code identity}, {@code dialect}, {@code data}.
 */
package io.cqrs.admin;
