package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.BackgroundSessions;
import io.cqrs.admin.internal.Sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A copy's tables, created in the background on sessions of their own, in the order the snapshot names them,
 * while the rows of the first ones are already being read and loaded. A schema of hundreds of tables would
 * otherwise wait for hundreds of DDL statements, one after another, before its first row loads (300 tables: 2.5 s
 * on MySQL 8.0.15, one core busy, the other idle; benchmarks/RESULTS.md §3). Whatever touches a table on the target
 * waits for its creation first ({@link #await}): its loads and INSERTs, its key build, its database's views and
 * triggers. A creation that failed fails each of them with its own error, and so the copy.
 *
 * <p>The creations are named first ({@link #submit}) and {@link #start started} together, once the snapshot has named
 * every table (it does before it copies any row): by then it is known which databases have foreign keys between
 * their tables ({@link #linked}). Tables linked by foreign keys lock each other — on MySQL 8.0 creating or dropping
 * one takes a metadata lock on the tables at the other end, and its data dictionary rows — and two creations at
 * once in opposite order deadlocked, once in a way the server only ended by a 50 s lock wait timeout (RecoveryIT, a
 * copy into a replica that had the sample schema). So a linked database's tables are created one after another (in
 * a lane of {@link BackgroundSessions}; {@link KeyBuilds} adds deferred foreign keys the same way), and a load into
 * any of them waits for all of them (writing into a child table locks its parents too). Other tables are created {@link #SESSIONS} at a time: on MySQL 8.0 a CREATE TABLE costs enough that
 * one session creating 300 small tables became the copy's bottleneck (12.3 s against 7.3–7.6 s with two).
 */
final class TableCreations implements AutoCloseable {

    /** Creations at once (tables of databases without foreign keys). */
    static final int SESSIONS = 2;

    /** What creates one table, over a session of the target. */
    @FunctionalInterface
    interface Creation {
        void create(java.sql.Connection session) throws Exception;
    }

    private record Named(TableSpec table, Creation creation) {
    }

    private final BackgroundSessions sessions;
    /** Named and not started yet, in order. */
    private final List<Named> named = new ArrayList<>();
    private final Map<TableSpec, Future<?>> created = new ConcurrentHashMap<>();
    /** Per linked database, its tables' creations. */
    private final Map<String, List<Future<?>>> createdLinked = new ConcurrentHashMap<>();
    private final Set<String> linked = ConcurrentHashMap.newKeySet();
    private volatile boolean started;

    TableCreations(Sessions.Opener opener) {
        this.sessions = new BackgroundSessions(SESSIONS, "cqrs-copy-tables", opener);
    }

    /** Names {@code table}'s creation; it runs once the creations are {@link #start started}, after the tables named before it. */
    synchronized void submit(TableSpec table, Creation creation) {
        if (started) {
            throw new IllegalStateException(table.displayName() + " named after the creations started");
        }
        named.add(new Named(table, creation));
    }

    /** {@code database}'s tables have foreign keys between them (see the class comment). */
    void linked(String database) {
        linked.add(database);
    }

    /**
     * Starts the creations named so far: a linked database's one after another in a lane of its own, the others as
     * threads come free. Called when the first row is about to be handed over; {@link #await} calls it too. Once only.
     */
    synchronized void start() {
        if (started) {
            return;
        }
        for (Named n : named) {
            String database = n.table().database();
            BackgroundSessions.Work<Void> creation = c -> {
                n.creation().create(c);
                return null;
            };
            Future<?> f = linked.contains(database) ? sessions.submit(database, creation) : sessions.submit(creation);
            created.put(n.table(), f);
            if (linked.contains(database)) {
                createdLinked.computeIfAbsent(database, d -> new ArrayList<>()).add(f);
            }
        }
        named.clear();
        started = true; // last: whoever sees it sees every creation's future (await)
    }

    /**
     * Waits until {@code table} exists on the target (and, in a {@link #linked} database, every table of it); throws
     * what a creation threw. A table never named is taken as there.
     */
    void await(TableSpec table) throws Exception {
        if (!started) {
            start();
        }
        List<Future<?>> all = createdLinked.get(table.database());
        if (all != null) {
            for (Future<?> f : all) {
                get(f);
            }
        } else {
            get(created.get(table));
        }
    }

    /** Waits for every table of {@code database}; throws the first failure. */
    void awaitDatabase(String database) throws Exception {
        if (!started) {
            start();
        }
        for (Map.Entry<TableSpec, Future<?>> e : created.entrySet()) {
            if (e.getKey().database().equals(database)) {
                get(e.getValue());
            }
        }
    }

    private static void get(Future<?> creation) throws Exception {
        if (creation == null) {
            return; // never named: taken as there
        }
        try {
            creation.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Stops the creations not started yet (a failed copy) and closes the sessions. */
    @Override
    public void close() {
        sessions.close();
    }
}
