/**
 * Optional Micrometer binding ({@link io.cqrs.routing.micrometer.RoutingMetrics}); needs
 * micrometer-core on the class path, the core never loads it.
 */
package io.cqrs.routing.micrometer;
