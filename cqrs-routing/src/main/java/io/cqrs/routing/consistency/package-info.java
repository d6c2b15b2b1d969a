/**
 * Read-your-writes machinery the router plugs in: {@link io.cqrs.routing.consistency.GtidCapture}
 * (what a commit wrote), {@link io.cqrs.routing.consistency.GtidWaiter} (has a replica applied
 * it, or wait a little) and {@link io.cqrs.routing.consistency.GtidTexts} (set arithmetic on GTID
 * strings, delegated to {@link io.cqrs.common.GtidSet}). The user-facing types are
 * {@link io.cqrs.routing.ConsistencyToken} and {@link io.cqrs.routing.ConsistencyLevel}.
 */
package io.cqrs.routing.consistency;
