package io.cqrs.routing.stub;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** One fake server: its connections and the log of calls made on them. */
public final class StubServer {

    /** One recorded call: which thread, which physical connection, what. */
    public record Call(String server, long thread, int connection, String what) {
    }

    private final String name;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<StubConnectionHandler> open = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private final java.util.Map<String, java.util.function.Supplier<Object>> answers = new java.util.concurrent.ConcurrentHashMap<>();

    StubServer(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    Connection open(String url) {
        StubConnectionHandler h = new StubConnectionHandler(this, connections.incrementAndGet(), url);
        open.add(h);
        return (Connection) Proxy.newProxyInstance(StubServer.class.getClassLoader(), new Class<?>[]{StubMarker.class}, h);
    }

    void record(int connection, String what) {
        calls.add(new Call(name, Thread.currentThread().getId(), connection, what));
    }

    /**
     * Queries with exactly this SQL, optimizer hints aside ({@code SELECT /*+ MAX_EXECUTION_TIME(n) *\/ f()}
     * is {@code SELECT f()}), answer one row whose first column is {@code value.get()}.
     */
    public void answer(String sql, java.util.function.Supplier<Object> value) {
        answers.put(sql, value);
    }

    Object answerFor(String sql) {
        java.util.function.Supplier<Object> a = sql == null ? null : answers.get(withoutHints(sql));
        return a == null ? name : a.get();
    }

    /** Statements with exactly this SQL (optimizer hints aside) executed so far (by any thread). */
    public long executions(String sql) {
        return calls.stream().filter(c -> c.what().startsWith("execute:") && withoutHints(c.what().substring(8)).equals(sql)).count();
    }

    private static String withoutHints(String sql) {
        return sql.replaceAll("/\\*\\+.*?\\*/\\s*", "");
    }

    /** New connections fail with 08S01 "Connection refused". */
    public void refuse(boolean value) {
        this.refusing = value;
    }

    public boolean isRefusing() {
        return refusing;
    }

    private volatile boolean statementsNeedServer;

    /** Creating a statement talks to the server too (server-side prepares), so it fails on a broken connection. */
    public void statementsNeedServer(boolean value) {
        statementsNeedServer = value;
    }

    boolean statementsNeedServer() {
        return statementsNeedServer;
    }

    /** Refuses new connections and breaks every open one (like SIGKILL). */
    public void kill() {
        refusing = true;
        open.forEach(StubConnectionHandler::breakConnection);
    }

    /** Connections ever opened. */
    public int connectionsOpened() {
        return connections.get();
    }

    /** Calls made by the given thread, in order. */
    public List<String> callsBy(Thread t) {
        List<String> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.thread() == t.getId()) {
                out.add(c.what());
            }
        }
        return out;
    }

    /** Statements executed (by any thread). */
    public long executions() {
        return calls.stream().filter(c -> c.what().startsWith("execute")).count();
    }

    public void clear() {
        calls.clear();
    }
}
