package io.cqrs.bench.stub;

import java.sql.SQLWarning;
import java.sql.Statement;

/** One row, one column: the constant 42, or the stub server's answer to a server question. */
final class StubResultSet extends AbstractStubResultSet {

    private final StubPreparedStatement statement;
    private final String sql;
    private boolean consumed;
    private boolean closed;

    StubResultSet(StubPreparedStatement statement, String sql) {
        this.statement = statement;
        this.sql = sql;
    }

    @Override public boolean next() {
        if (consumed) {
            return false;
        }
        consumed = true;
        return true;
    }
    @Override public long getLong(int column) { return StubServer.isQuestion(sql) ? StubServer.answerLong(sql) : 42L; }
    @Override public int getInt(int column) { return 42; }
    @Override public String getString(int column) { return StubServer.isQuestion(sql) ? StubServer.answer(sql) : "42"; }
    @Override public boolean wasNull() { return false; }
    @Override public void close() { closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override public Statement getStatement() { return statement; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
}
