package io.cqrs.routing.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry of an endpoint's connections running work that may move: what gets aborted, and what not. */
class MovableWorkTest {

    private final List<String> aborted = new CopyOnWriteArrayList<>();
    private final Executor direct = Runnable::run;

    private Connection connection(String name, boolean refuses) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> switch (m.getName()) {
                    case "abort" -> {
                        if (refuses) {
                            throw new SQLException("already closed", "08003");
                        }
                        ((Executor) a[0]).execute(() -> aborted.add(name));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> name;
                    default -> null;
                });
    }

    @Test
    void workRunningWhenTheEndpointIsFoundUnresponsive_isAborted_once() {
        MovableWork w = new MovableWork(4);
        Connection a = connection("a", false);
        Connection b = connection("b", false);
        w.enter(a);
        w.enter(b);
        assertThat(w.abortAll(direct)).isEqualTo(2);
        assertThat(aborted).containsExactlyInAnyOrder("a", "b");
        assertThat(w.abortAll(direct)).as("each once").isZero();
    }

    @Test
    void workThatEnded_isNeverAborted() {
        MovableWork w = new MovableWork(4);
        Connection a = connection("a", false);
        Connection b = connection("b", false);
        int slotA = w.enter(a);
        w.enter(b);
        w.exit(slotA, a);
        assertThat(w.abortAll(direct)).isEqualTo(1);
        assertThat(aborted).containsExactly("b");
    }

    @Test
    void anExitAfterTheAbortTookTheSlot_clearsNobodyElsesWork() {
        MovableWork w = new MovableWork(1);
        Connection a = connection("a", false);
        Connection b = connection("b", false);
        int slotA = w.enter(a);
        w.abortAll(direct);
        int slotB = w.enter(b);
        assertThat(slotB).isEqualTo(slotA);
        w.exit(slotA, a); // a's work ends after the abort: b's registration stays
        assertThat(w.abortAll(direct)).isEqualTo(1);
        assertThat(aborted).containsExactly("a", "b");
    }

    @Test
    void everySlotTaken_theWorkIsNotAbortable_andNothingBreaks() {
        MovableWork w = new MovableWork(2);
        w.enter(connection("a", false));
        w.enter(connection("b", false));
        Connection c = connection("c", false);
        int slot = w.enter(c);
        assertThat(slot).isEqualTo(-1);
        w.exit(slot, c);
        assertThat(w.abortAll(direct)).isEqualTo(2);
        assertThat(aborted).doesNotContain("c");
    }

    @Test
    void anAbortThatThrows_isSkipped() {
        MovableWork w = new MovableWork(4);
        w.enter(connection("closed", true));
        w.enter(connection("b", false));
        assertThat(w.abortAll(direct)).isEqualTo(1);
        assertThat(aborted).containsExactly("b");
    }

    @Test
    void workOfSeveralThreadsAtOnce_isAbortedEach() throws Exception {
        MovableWork w = new MovableWork(4);
        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            w.enter(connection("other", false));
            registered.countDown();
            await(done);
        });
        other.start();
        try {
            registered.await();
            w.enter(connection("main", false));
            assertThat(w.abortAll(direct)).isEqualTo(2);
            assertThat(aborted).containsExactlyInAnyOrder("other", "main");
        } finally {
            done.countDown();
            other.join();
        }
    }

    @Test
    void slotsOfIdleThreads_leaveRoomForOthers() throws Exception {
        MovableWork w = new MovableWork(4);
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) { // each registers once, ends its work, and stays alive
                CountDownLatch registered = new CountDownLatch(1);
                Connection c = connection("idle-" + i, false);
                Thread t = new Thread(() -> {
                    w.exit(w.enter(c), c);
                    registered.countDown();
                    await(done);
                });
                idle.add(t);
                t.start();
                registered.await();
            }
            Connection c = connection("late", false);
            int[] slot = new int[1];
            Thread late = new Thread(() -> slot[0] = w.enter(c));
            late.start();
            late.join();
            assertThat(slot[0]).as("a thread that never registered before still finds a slot").isNotNegative();
            assertThat(w.abortAll(direct)).isEqualTo(1);
            assertThat(aborted).containsExactly("late");
        } finally {
            done.countDown();
            for (Thread t : idle) {
                t.join();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
