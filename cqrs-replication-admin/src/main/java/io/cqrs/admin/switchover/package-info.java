/**
 * Changing the source: planned {@link io.cqrs.admin.switchover.Switchover} (no acknowledged write
 * lost, the write pause measured), unplanned {@link io.cqrs.admin.switchover.Failover} (the most
 * advanced replica promoted) and the {@link io.cqrs.admin.switchover.Rejoin} of a former source,
 * which reports the writes a failover lost. GTIDs do not change with roles, so replicas follow
 * the new source with GTID auto-positioning. Semi-synchronous replication is not managed here.
 */
package io.cqrs.admin.switchover;
