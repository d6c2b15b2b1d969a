/**
 * Implementation of the router: pools, topology snapshots, the logical connection and its
 * statements. Not an API: anything here may change at any time, in any release.
 */
package io.cqrs.routing.internal;
