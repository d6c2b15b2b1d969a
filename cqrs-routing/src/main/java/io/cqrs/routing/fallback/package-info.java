/**
 * What happens when no replica can serve a read: it falls back to the source, bounded by a
 * {@link io.cqrs.routing.fallback.SpillLimiter} so that a replica outage cannot flatten the source.
 */
package io.cqrs.routing.fallback;
