package io.cqrs.admin.internal;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionsTest {

    /** A stand-in session that counts its closing (pure logic: no driver). */
    private static Connection session(AtomicInteger closed) {
        return session(closed, new CountDownLatch(1));
    }

    /** ... and counts {@code onClose} down when closed. */
    private static Connection session(AtomicInteger closed, CountDownLatch onClose) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) -> {
            return switch (m.getName()) {
                case "close" -> {
                    closed.incrementAndGet();
                    onClose.countDown();
                    yield null;
                }
                case "equals" -> p == a[0];
                case "hashCode" -> System.identityHashCode(p);
                case "toString" -> "session";
                default -> null;
            };
        });
    }

    /** Opening a session waits for {@code latch} (an opener may throw only SQLException). */
    private static boolean await(CountDownLatch latch) throws SQLException {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }

    @Test
    void theSessionsAreOpenedAtTheSameTime() throws Exception {
        CountDownLatch allOpening = new CountDownLatch(4);
        AtomicInteger closed = new AtomicInteger();
        List<Connection> sessions = Sessions.openAll(4, "test sessions", () -> {
            allOpening.countDown();
            // one after another, the first would wait here for the other three forever
            if (!await(allOpening)) {
                throw new SQLException("the sessions were opened one after another");
            }
            return session(closed);
        });
        assertThat(sessions).hasSize(4).doesNotContainNull();
        assertThat(closed).hasValue(0);
    }

    @Test
    void whenOneFails_theOthersAreClosed_andItsFailureIsThrown() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        SQLException refused = new SQLException("Access denied for user 'copy'@'localhost'", "28000", 1045);
        assertThatThrownBy(() -> Sessions.openAll(3, "test sessions", () -> {
            if (attempts.incrementAndGet() == 2) {
                throw refused;
            }
            return session(closed);
        })).isSameAs(refused);
        assertThat(attempts).hasValue(3);
        assertThat(closed).hasValue(2);
    }

    @Test
    void aSessionThatOpensAfterTheCallerGaveUp_closesItself() throws Exception {
        CountDownLatch slowOpening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch lateClosed = new CountDownLatch(1);
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Sessions.openAll(2, "test sessions", () -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new SQLException("refused");
                    }
                    slowOpening.countDown();
                    await(release); // still connecting when the caller gives up
                    return session(closed, lateClosed);
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        assertThat(slowOpening.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt(); // the caller stops waiting for the slow one
        caller.join(10_000);
        assertThat(thrown.get()).isInstanceOf(SQLException.class);
        release.countDown(); // the slow session opens now, with nobody to take it
        assertThat(lateClosed.await(10, TimeUnit.SECONDS)).as("the late session closed itself").isTrue();
        assertThat(closed).hasValue(1);
    }
}
