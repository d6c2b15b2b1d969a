package io.cqrs.routing;

import java.sql.SQLException;

/**
 * Runs after every committed transaction on the source that executed at least one statement:
 * after {@link java.sql.Connection#commit()}, and after each statement executed in auto-commit
 * mode. This is where read-your-writes will capture the transaction's GTID.
 *
 * <p>The commit already happened: an exception thrown here is logged and swallowed.
 */
@FunctionalInterface
public interface CommitHook {

    /** Called after the commit of a write transaction on the source. */
    void afterCommit(CommitContext context) throws SQLException;
}
