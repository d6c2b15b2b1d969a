/**
 * Endpoint health: a resilience4j circuit breaker per endpoint
 * ({@link io.cqrs.routing.health.EndpointBreakers}), fed only by connection-level failures as
 * decided by a {@link io.cqrs.routing.health.FailureClassifier}.
 */
package io.cqrs.routing.health;
