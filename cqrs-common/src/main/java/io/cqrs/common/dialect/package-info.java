/**
 * The one home of flavour knowledge, for the admin library and the router alike: every SQL string
 * that differs between MySQL 8.0.15, MySQL 8.0.22+/8.4 and MariaDB, picked from
 * {@code SELECT VERSION()} ({@link io.cqrs.common.dialect.Dialect#forVersion}); callers never branch
 * on the server themselves. Also the masking of passwords in statements shown to people.
 */
package io.cqrs.common.dialect;
