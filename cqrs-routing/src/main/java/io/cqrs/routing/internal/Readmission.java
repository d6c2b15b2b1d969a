package io.cqrs.routing.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One question: is a replica that answers its probes again ready for reads? Its pool must give a
 * connection first ({@link EndpointRuntime#warmUp()}), so the reads (and the breaker's trial calls)
 * that come back do not meet a cold pool and time out on a stale cause. The warm-up runs off the
 * read path and off the monitor's threads, at most one per endpoint at a time; a failed one is
 * retried on the monitor's next answer. No thread exists while nothing is warming.
 */
final class Readmission implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Readmission.class);

    private final Set<String> warming = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor executor;

    Readmission() {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "cqrs-readmission-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Warms {@code rt}'s pool in the background and then calls {@code ready}; on a failure calls
     * {@code failed} with the borrow's error (this attempt's, never an older one). Does nothing while
     * a warm-up of the same endpoint is running.
     */
    void warm(EndpointRuntime rt, Runnable ready, Consumer<SQLException> failed) {
        if (!warming.add(rt.name())) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    Runnable cleanUp = rt.warmUp();
                    ready.run();
                    cleanUp.run();
                } catch (SQLException e) {
                    failed.accept(e);
                } catch (RuntimeException e) {
                    LOG.warn("re-admission of endpoint '{}' failed", rt.name(), e);
                    failed.accept(new SQLException(e.toString(), "08000", e));
                } finally {
                    warming.remove(rt.name());
                }
            });
        } catch (RuntimeException rejected) { // closed
            warming.remove(rt.name());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
