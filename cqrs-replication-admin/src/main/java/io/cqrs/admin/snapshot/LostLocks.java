package io.cqrs.admin.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * A copy's statement that lost a lock to another of its sessions — deadlock (1213) or lock wait timeout (1205) — was
 * rolled back whole by the server, and runs again, a few times, after a growing pause that lets the other session
 * commit. Any other error is thrown at once. The one place for it: the loads ({@link LoadPipeline}), the INSERTs, the
 * DDL of a table's creation ({@link TargetTables}) and the deferred key builds ({@link KeyBuilds}) — DDL on tables
 * linked by foreign keys locks the tables at the other end too.
 */
final class LostLocks {

    private static final Logger log = LoggerFactory.getLogger(LostLocks.class);

    /** Runs after the first, at most. */
    static final int RETRIES = 5;

    /** One run of a statement. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws SQLException;
    }

    private LostLocks() {
    }

    /** Runs {@code sql} over {@code st}, again when it lost a lock. */
    static void execute(Statement st, String sql) throws SQLException, InterruptedException {
        retry(sql, () -> st.execute(sql));
    }

    /** Runs {@code attempt} (of the statement {@code sql}, for the log), again when it lost a lock; returns what the run that got through returned. */
    static <T> T retry(String sql, Attempt<T> attempt) throws SQLException, InterruptedException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (n > RETRIES || !lost(e)) {
                    throw e;
                }
                log.debug("{}… lost a lock to another session ({}); running it again", sql.substring(0, Math.min(60, sql.length())),
                        e.getMessage());
                Thread.sleep(10L * n);
            }
        }
    }

    /** Deadlock (1213) or lock wait timeout (1205): the statement was rolled back whole and may run again. */
    static boolean lost(SQLException e) {
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
    }
}
