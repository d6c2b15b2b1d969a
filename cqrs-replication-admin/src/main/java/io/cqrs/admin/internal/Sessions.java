package io.cqrs.admin.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several sessions of one server, opened at once. Opening one is a few round trips — connecting, authenticating, the
 * driver's own queries, the session's settings — so a copy that opens its sessions one after another waits n times
 * that before its first row moves (on a distant server, n times the network's round trips). All or none: when one
 * fails, the others are closed and the first failure is thrown. May change at any time.
 */
public final class Sessions {

    /** Opens one session. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {
    }

    /**
     * {@code n} sessions from {@code opener}, opened concurrently, in no particular order; {@code what} names them in
     * the debug log, which says how long opening them took.
     */
    public static List<Connection> openAll(int n, String what, Opener opener) throws SQLException {
        long t0 = System.nanoTime();
        List<Connection> sessions = open(n, opener);
        log.debug("opened {} {} in {} ms", n, what, (System.nanoTime() - t0) / 1_000_000);
        return sessions;
    }

    private static List<Connection> open(int n, Opener opener) throws SQLException {
        if (n <= 1) {
            return n == 1 ? List.of(opener.open()) : List.of();
        }
        Object lock = new Object();
        List<Connection> opened = new ArrayList<>(); // guarded by lock
        boolean[] abandoned = {false}; // guarded by lock: the caller failed or gave up; a session opened after that closes itself
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "cqrs-open-session");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(pool.submit(() -> {
                    Connection c = opener.open();
                    synchronized (lock) {
                        if (!abandoned[0]) {
                            opened.add(c);
                            return null;
                        }
                    }
                    c.close();
                    return null;
                }));
            }
            Throwable failure = null;
            for (Future<?> f : tasks) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? e : failure;
                    break;
                }
            }
            synchronized (lock) {
                if (failure == null) {
                    return List.copyOf(opened);
                }
                abandoned[0] = true;
                for (Connection c : opened) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure instanceof SQLException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new SQLException("opening " + n + " sessions failed: " + failure, failure);
        } finally {
            pool.shutdown();
        }
    }
}
