package io.cqrs.admin.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work run in the background over a few sessions of one server, each session reused from one piece of work to
 * the next (opening one costs a few round trips and the server's authentication: a copy that runs hundreds of
 * statements in the background must not open a session for each). At most {@code n} pieces run at once, each
 * on a session of its own. A piece that fails leaves its session in a state nobody knows: it is closed, and the
 * next piece opens another. {@link #close} stops what has not started and closes the sessions; a piece still
 * running closes its own when it ends. May change at any time.
 */
public final class BackgroundSessions implements AutoCloseable {

    /** A piece of work over one session. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection session) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(BackgroundSessions.class);

    private final Sessions.Opener opener;
    private final ExecutorService threads;
    /** Sessions no piece is using now. */
    private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();
    private boolean closed; // guarded by this

    /** {@code n} threads named {@code threadName}, over sessions {@code opener} opens as they are first needed. */
    public BackgroundSessions(int n, String threadName, Sessions.Opener opener) {
        this.opener = opener;
        this.threads = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} when a thread is free; its result or failure is the future's. */
    public <T> Future<T> submit(Work<T> work) {
        Callable<T> task = () -> {
            Connection c = idle.poll();
            if (c == null) {
                c = opener.open();
            }
            T result;
            try {
                result = work.run(c);
            } catch (Exception | Error e) {
                close(c);
                throw e;
            }
            giveBack(c);
            return result;
        };
        return threads.submit(task);
    }

    private synchronized void giveBack(Connection c) {
        if (closed) {
            close(c);
        } else {
            idle.add(c);
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a background session: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        threads.shutdownNow();
        for (Connection c; (c = idle.poll()) != null; ) {
            close(c);
        }
    }
}
