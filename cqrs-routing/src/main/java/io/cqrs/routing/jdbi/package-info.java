/**
 * Jdbi integration (Jdbi is an optional dependency: use these classes only with jdbi3-core on the
 * class path). Jdbi routes through a {@link io.cqrs.routing.RoutingDataSource} without help,
 * since {@code Handle.setReadOnly} sets the JDBC flag; this package adds a plugin and helpers.
 */
package io.cqrs.routing.jdbi;
