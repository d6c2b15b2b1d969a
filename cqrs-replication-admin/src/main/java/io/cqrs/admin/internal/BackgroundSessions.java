package io.cqrs.admin.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work run in the background over a few sessions of one server, each session reused from one piece of work to
 * the next (opening one costs a few round trips and the server's authentication: a copy that runs hundreds of
 * statements in the background must not open a session for each). At most {@code n} pieces run at once, each
 * on a session of its own. A piece that fails leaves its session in a state nobody knows: it is closed, and the
 * next piece opens another. Pieces given the same lane ({@link #submit(String, Work)}) run one after another, in the
 * order given, each after the one before it ended (well or not), while other pieces take the other threads — for
 * statements that must not run at once (DDL on tables linked by foreign keys locks the tables at the other end too).
 * {@link #close} cancels every piece of a lane (running or waiting), interrupts what runs, stops what has not started
 * and closes the idle sessions; a piece still running closes its own when it ends. May change at any time.
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
    /** Per lane, its pieces not ended yet: the head is running or queued to run, the others wait for it; guarded by this. */
    private final Map<String, Deque<FutureTask<?>>> lanes = new HashMap<>();

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
        return threads.submit(onASession(work));
    }

    /**
     * Runs {@code work} when a thread is free and every piece given {@code lane} before it has ended; its result or
     * failure is the future's.
     */
    public <T> Future<T> submit(String lane, Work<T> work) {
        FutureTask<T> piece = new FutureTask<>(onASession(work));
        synchronized (this) {
            if (closed) {
                piece.cancel(false);
                return piece;
            }
            Deque<FutureTask<?>> pieces = lanes.computeIfAbsent(lane, l -> new ArrayDeque<>());
            pieces.add(piece);
            if (pieces.size() > 1) {
                return piece; // runs when the one before it ends
            }
        }
        runLane(lane, piece);
        return piece;
    }

    /** Runs {@code head}, the first piece of {@code lane}, on a thread, then hands the lane on to its next piece. */
    private void runLane(String lane, FutureTask<?> head) {
        try {
            threads.execute(() -> {
                head.run();
                FutureTask<?> next;
                synchronized (this) {
                    Deque<FutureTask<?>> pieces = lanes.get(lane);
                    if (pieces == null) {
                        return; // closed meanwhile: close cancelled the rest
                    }
                    pieces.poll();
                    next = pieces.peek();
                    if (next == null) {
                        lanes.remove(lane);
                        return;
                    }
                }
                runLane(lane, next);
            });
        } catch (RejectedExecutionException e) { // closed meanwhile
            head.cancel(false);
        }
    }

    /** {@code work} over an idle session, or a new one; a session whose work failed is closed, not reused. */
    private <T> Callable<T> onASession(Work<T> work) {
        return () -> {
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
        for (Deque<FutureTask<?>> pieces : lanes.values()) {
            pieces.forEach(p -> p.cancel(false)); // first: a running head is cancelled for its waiters, then interrupted below
        }
        lanes.clear();
        threads.shutdownNow();
        for (Connection c; (c = idle.poll()) != null; ) {
            close(c);
        }
    }
}
