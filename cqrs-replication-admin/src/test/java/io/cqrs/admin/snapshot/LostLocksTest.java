package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A copy's INSERT or DDL statement runs again when it lost a lock to another session, and only then. */
class LostLocksTest {

    private final List<String> ran = new ArrayList<>();

    /** A statement whose executions fail with {@code failures} in turn, then succeed. */
    private Statement statement(SQLException... failures) {
        int[] n = {0};
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Statement.class}, (p, m, a) -> {
            if (!m.getName().equals("execute")) {
                throw new UnsupportedOperationException(m.getName());
            }
            ran.add((String) a[0]);
            if (n[0] < failures.length) {
                throw failures[n[0]++];
            }
            return false;
        });
    }

    @Test
    void aDeadlockOrLockWaitTimeout_runsTheStatementAgain() throws Exception {
        LostLocks.execute(statement(new SQLTransactionRollbackException("Deadlock found", "40001", 1213),
                new SQLException("Lock wait timeout exceeded", "HY000", 1205)), "CREATE TABLE t (id INT)");
        assertThat(ran).containsExactly("CREATE TABLE t (id INT)", "CREATE TABLE t (id INT)", "CREATE TABLE t (id INT)");
    }

    @Test
    void anyOtherError_isThrownAtOnce() {
        SQLException exists = new SQLException("Table 't' already exists", "42S01", 1050);
        assertThatThrownBy(() -> LostLocks.execute(statement(exists), "CREATE TABLE t (id INT)")).isSameAs(exists);
        assertThat(ran).hasSize(1);
    }

    @Test
    void aLockLostTimeAfterTime_isThrownInTheEnd() {
        SQLException[] deadlocks = new SQLException[20];
        for (int i = 0; i < deadlocks.length; i++) {
            deadlocks[i] = new SQLTransactionRollbackException("Deadlock found", "40001", 1213);
        }
        assertThatThrownBy(() -> LostLocks.execute(statement(deadlocks), "DROP TABLE IF EXISTS t"))
                .isInstanceOf(SQLTransactionRollbackException.class);
        assertThat(ran).hasSizeBetween(2, 10);
    }
}
