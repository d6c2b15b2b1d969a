/**
 * Replica lag: {@link io.cqrs.routing.lag.LagProbe}s (heartbeat table, GTID positions,
 * replica status) run by a {@link io.cqrs.routing.lag.LagMonitor} that publishes immutable
 * {@link io.cqrs.routing.lag.LagSnapshot}s with per-replica eligibility (with hysteresis).
 */
package io.cqrs.routing.lag;
