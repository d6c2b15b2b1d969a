package io.cqrs.bench.stub;

import java.sql.SQLWarning;
import java.sql.Statement;

/** One row, one column: the constant 42. */
final class StubResultSet extends AbstractStubResultSet {

    private final StubPreparedStatement statement;
    private boolean consumed;
    private boolean closed;

    StubResultSet(StubPreparedStatement statement) {
        this.statement = statement;
    }

    @Override public boolean next() {
        if (consumed) {
            return false;
        }
        consumed = true;
        return true;
    }
    @Override public long getLong(int column) { return 42L; }
    @Override public int getInt(int column) { return 42; }
    @Override public String getString(int column) { return "42"; }
    @Override public boolean wasNull() { return false; }
    @Override public void close() { closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override public Statement getStatement() { return statement; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
}
