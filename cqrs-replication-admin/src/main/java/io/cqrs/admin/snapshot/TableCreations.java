package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.BackgroundSessions;
import io.cqrs.admin.internal.Sessions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A copy's tables, created in the background, one after another on a session of their own, in the order the
 * snapshot names them, while the rows of the first ones are already being read and loaded. A schema of hundreds of tables would otherwise wait for hundreds of
 * DDL statements, one after another, before its first row loads (300 tables: 2.5 s on MySQL 8.0.15, one core
 * busy, the other idle; benchmarks/RESULTS.md §3). Whatever touches a table on the target waits for its
 * creation first ({@link #await}): its loads and INSERTs, its key build, its database's views and triggers. A
 * creation that failed fails each of them with its own error, and so the copy.
 *
 * <p>One creation at a time: tables linked by foreign keys lock each other — on MySQL 8.0 creating or dropping one
 * takes a metadata lock on the tables at the other end, and its data dictionary rows — and two creations at once
 * in opposite order deadlocked, once in a way the server only ended by a 50 s lock wait timeout (RecoveryIT, a
 * copy into a replica that had the sample schema). Two at once were no faster on 300 small tables
 * (benchmarks/RESULTS.md §3): the gain is in overlapping the DDL with the loads. Writing into a child table locks
 * its parents too, so a load must not meet a creation in its database at all: in a database whose tables have
 * foreign keys ({@link #linked}), a table is awaited together with every table of its database.
 */
final class TableCreations implements AutoCloseable {


    /** What creates one table, over a session of the target. */
    @FunctionalInterface
    interface Creation {
        void create(java.sql.Connection session) throws Exception;
    }

    private final BackgroundSessions sessions;
    private final Map<TableSpec, Future<?>> created = new ConcurrentHashMap<>();
    private final Set<String> linked = ConcurrentHashMap.newKeySet();

    TableCreations(Sessions.Opener opener) {
        this.sessions = new BackgroundSessions(1, "cqrs-copy-tables", opener);
    }

    /** Starts creating {@code table} (after the tables submitted before it). */
    void submit(TableSpec table, Creation creation) {
        created.put(table, sessions.submit(c -> {
            creation.create(c);
            return null;
        }));
    }

    /**
     * {@code database}'s tables have foreign keys: its tables are awaited all together. Said before the copy's first
     * row is handed over (the snapshot names every table before it copies any).
     */
    void linked(String database) {
        linked.add(database);
    }

    /**
     * Waits until {@code table} exists on the target (and, in a {@link #linked} database, every table of it); throws
     * what a creation threw. A table never submitted is taken as there.
     */
    void await(TableSpec table) throws Exception {
        if (linked.contains(table.database())) {
            awaitDatabase(table.database());
        } else {
            awaitOne(table);
        }
    }

    private void awaitOne(TableSpec table) throws Exception {
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
                awaitOne(t);
            }
        }
    }

    /** Stops the creations not started yet (a failed copy) and closes the sessions. */
    @Override
    public void close() {
        sessions.close();
    }
}
