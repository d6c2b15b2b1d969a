/**
 * A routing {@link javax.sql.DataSource} for a MySQL/MariaDB source and its replicas.
 *
 * <p>{@link io.cqrs.routing.RoutingDataSource#getConnection()} hands out a light logical
 * connection; the physical connection is borrowed from one endpoint's HikariCP pool at the
 * first real use. Read-only work (the JDBC read-only flag, set before or after
 * {@code getConnection()}) goes to a replica chosen by a {@link io.cqrs.routing.ReplicaSelector};
 * everything else goes to the source. A transaction never changes endpoint.
 *
 * <p>This package is the public API. {@code io.cqrs.routing.internal} may change at any time.
 */
package io.cqrs.routing;
