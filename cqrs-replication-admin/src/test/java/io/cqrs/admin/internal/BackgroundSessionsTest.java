package io.cqrs.admin.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Work over reused sessions: lanes run their pieces one after another, beside other work; failures and closing. */
class BackgroundSessionsTest {

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    /** A stand-in session that counts its closing (pure logic: no driver). */
    private Connection session() {
        opened.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) ->
                switch (m.getName()) {
                    case "close" -> {
                        closed.incrementAndGet();
                        yield null;
                    }
                    case "equals" -> p == a[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> null;
                });
    }

    @Test
    void aLanesPiecesRunOneAfterAnother_inOrder_whileOtherWorkRunsBeside() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch firstRuns = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        try (BackgroundSessions sessions = new BackgroundSessions(2, "test", this::session)) {
            Future<?> first = sessions.submit("shop", c -> {
                ran.add("shop.1");
                firstRuns.countDown();
                return hold.await(5, TimeUnit.SECONDS);
            });
            Future<?> second = sessions.submit("shop", c -> ran.add("shop.2"));
            Future<?> third = sessions.submit("shop", c -> ran.add("shop.3"));
            List<Future<?>> others = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String name = "other." + i;
                others.add(i % 2 == 0 ? sessions.submit(c -> ran.add(name)) : sessions.submit("other", c -> ran.add(name)));
            }
            for (Future<?> f : others) {
                f.get(5, TimeUnit.SECONDS); // beside the lane's first piece, which holds a thread once it runs
            }
            assertThat(firstRuns.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).contains("shop.1").doesNotContain("shop.2", "shop.3");
            assertThat(second.isDone()).isFalse();
            hold.countDown();
            third.get(5, TimeUnit.SECONDS);
            assertThat(first.isDone()).isTrue();
            assertThat(ran).containsSubsequence("shop.1", "shop.2", "shop.3");
            assertThat(opened.get()).as("sessions reused").isBetween(1, 2);
        }
        assertThat(closed.get()).isEqualTo(opened.get());
    }

    @Test
    void aFailedPiece_failsItsOwnFuture_closesItsSession_andTheLaneGoesOn() throws Exception {
        try (BackgroundSessions sessions = new BackgroundSessions(1, "test", this::session)) {
            Future<?> bad = sessions.submit("lane", c -> {
                throw new IllegalStateException("the reason");
            });
            Future<String> next = sessions.submit("lane", c -> "ran");
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
            assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("the reason");
            assertThat(closed.get()).as("the failed piece's session").isEqualTo(1);
            assertThat(opened.get()).isEqualTo(2);
        }
    }

    @Test
    void close_cancelsTheLanesPieces_interruptsWhatRuns_andRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        BackgroundSessions sessions = new BackgroundSessions(1, "test", this::session);
        Future<?> running = sessions.submit("lane", c -> {
            started.countDown();
            return new CountDownLatch(1).await(5, TimeUnit.SECONDS);
        });
        Future<?> waiting = sessions.submit("lane", c -> "never");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        sessions.close();
        assertThat(waiting.isCancelled()).isTrue();
        assertThat(sessions.submit("lane", c -> "late").isCancelled()).isTrue();
        assertThat(running.isCancelled()).as("the running piece, for whoever waits for it").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closed.get() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the interrupted piece closes its session on its own thread
        }
        assertThat(closed.get()).as("the interrupted piece closed its own session").isEqualTo(opened.get()).isEqualTo(1);
    }
}
