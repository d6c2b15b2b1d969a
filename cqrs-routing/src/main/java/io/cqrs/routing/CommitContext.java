package io.cqrs.routing;

import java.sql.Connection;

/**
 * What a {@link CommitHook} sees after a write transaction committed on the source.
 *
 * @param endpoint   the source endpoint's name
 * @param connection the physical (pooled) connection; valid only during the callback, do not
 *                   close it or change its state
 * @param autoCommit true when the transaction was a single auto-committed statement
 */
public record CommitContext(String endpoint, Connection connection, boolean autoCommit) {
}
