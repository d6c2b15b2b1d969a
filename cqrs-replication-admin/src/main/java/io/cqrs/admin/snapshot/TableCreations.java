package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.BackgroundSessions;
import io.cqrs.admin.internal.Sessions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A copy's tables, created in the background on sessions of their own, in the order the snapshot names them,
 * while their rows are already being read. A schema of hundreds of tables would otherwise wait for hundreds of
 * DDL statements, one after another, before its first row loads (300 tables: 2.5 s on MySQL 8.0.15, one core
 * busy, the other idle; benchmarks/RESULTS.md §3). Whatever touches a table on the target waits for its
 * creation first ({@link #await}): its loads and INSERTs, its key build, its database's views and triggers. A
 * creation that failed fails each of them with its own error, and so the copy.
 */
final class TableCreations implements AutoCloseable {

    /** Creations at once: DDL costs the target CPU, and the loads of the tables already created need it too. */
    static final int SESSIONS = 2;

    /** What creates one table, over a session of the target. */
    @FunctionalInterface
    interface Creation {
        void create(java.sql.Connection session) throws Exception;
    }

    private final BackgroundSessions sessions;
    private final Map<TableSpec, Future<?>> created = new ConcurrentHashMap<>();

    TableCreations(Sessions.Opener opener) {
        this.sessions = new BackgroundSessions(SESSIONS, "cqrs-copy-tables", opener);
    }

    /** Starts creating {@code table} (after the tables submitted before it). */
    void submit(TableSpec table, Creation creation) {
        created.put(table, sessions.submit(c -> {
            creation.create(c);
            return null;
        }));
    }

    /** Waits until {@code table} exists on the target; throws what its creation threw. A table never submitted is taken as there. */
    void await(TableSpec table) throws Exception {
        Future<?> f = created.get(table);
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Waits for every table of {@code database}; throws the first failure. */
    void awaitDatabase(String database) throws Exception {
        for (TableSpec t : List.copyOf(created.keySet())) {
            if (t.database().equals(database)) {
                await(t);
            }
        }
    }

    /** Stops the creations not started yet (a failed copy) and closes the sessions. */
    @Override
    public void close() {
        sessions.close();
    }
}
