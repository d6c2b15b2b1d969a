package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The background creation of a copy's tables: who waits for what, failures, and the sessions it reuses. */
class TableCreationsTest {

    private final AtomicInteger opened = new AtomicInteger();
    private final Set<Connection> closed = ConcurrentHashMap.newKeySet();

    /** A session that only knows whether it was closed (the creations below run no SQL). */
    private Connection session() {
        opened.incrementAndGet();
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) -> {
            if (m.getName().equals("close")) {
                closed.add(self[0]);
                return null;
            }
            if (m.getName().equals("isClosed")) {
                return closed.contains(self[0]);
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.getName().equals("equals")) {
                return p == a[0];
            }
            throw new UnsupportedOperationException(m.getName());
        });
        return self[0];
    }

    /** A thread that is waiting for {@code t}'s creation, started. */
    private static Thread awaiting(TableCreations creations, TableSpec t) {
        Thread waiter = new Thread(() -> {
            try {
                creations.await(t);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waiter.start();
        return waiter;
    }

    private static TableSpec table(String db, String name) {
        return new TableSpec(db, name, List.of("id"), List.of(ValueKind.NUMBER), List.of("id"), true, 10, true);
    }

    @Test
    void aTableIsAwaitedUntilItsCreationRan() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (TableCreations creations = new TableCreations(this::session)) {
            TableSpec t = table("db", "t");
            creations.submit(t, c -> {
                release.await(5, TimeUnit.SECONDS);
                ran.incrementAndGet();
            });
            Thread waiter = awaiting(creations, t);
            waiter.join(200);
            assertThat(waiter.isAlive()).as("still waiting for the creation").isTrue();
            release.countDown();
            waiter.join(5000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(ran).hasValue(1);
            creations.await(t); // again: at once
            creations.await(table("db", "never-submitted"));
        }
    }

    @Test
    void aFailedCreation_failsWhoeverWaitsForThatTable_withItsOwnError_andItsSessionIsNotReused() throws Exception {
        try (TableCreations creations = new TableCreations(this::session)) {
            TableSpec bad = table("db", "bad");
            TableSpec good = table("db", "good");
            creations.submit(bad, c -> {
                throw new AdminException("db.bad cannot be created here: the reason");
            });
            creations.submit(good, c -> { });
            assertThatThrownBy(() -> creations.await(bad)).isInstanceOf(AdminException.class)
                    .hasMessage("db.bad cannot be created here: the reason");
            creations.await(good);
            assertThatThrownBy(() -> creations.awaitDatabase("db")).isInstanceOf(AdminException.class);
            assertThat(closed).as("the failed creation's session").hasSize(1);
        }
    }

    @Test
    void awaitDatabase_waitsForEveryTableOfThatDatabase_only() throws Exception {
        CountDownLatch other = new CountDownLatch(1);
        Set<String> done = ConcurrentHashMap.newKeySet();
        try (TableCreations creations = new TableCreations(this::session)) {
            for (int i = 0; i < 5; i++) {
                String name = "t" + i;
                creations.submit(table("db", name), c -> done.add(name));
            }
            creations.submit(table("other", "slow"), c -> {
                other.await(5, TimeUnit.SECONDS);
                done.add("slow");
            });
            creations.awaitDatabase("db");
            assertThat(done).hasSize(5).doesNotContain("slow");
            other.countDown();
            creations.awaitDatabase("other");
            assertThat(done).contains("slow");
        }
    }

    @Test
    void inADatabaseWithForeignKeys_aTableIsAwaitedWithAllItsTables_elsewhereAlone() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        try (TableCreations creations = new TableCreations(this::session)) {
            creations.submit(table("plain", "quick"), c -> { });
            creations.submit(table("shop", "child"), c -> { });
            creations.submit(table("shop", "parent"), c -> slow.await(5, TimeUnit.SECONDS));
            creations.linked("shop");
            creations.await(table("plain", "quick")); // at once: another database
            creations.await(table("plain", "never-submitted"));
            Thread waiter = awaiting(creations, table("shop", "child")); // created, but its parent is not yet
            waiter.join(200);
            assertThat(waiter.isAlive()).as("waiting for the parent table too").isTrue();
            slow.countDown();
            waiter.join(5000);
            assertThat(waiter.isAlive()).isFalse();
        }
    }

    @Test
    void aLinkedDatabasesTablesAreCreatedOneAfterAnother_othersTwoAtATime_overReusedSessions() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        TableCreations creations = new TableCreations(this::session);
        creations.submit(table("shop", "t0"), c -> {
            ran.add("shop.t0");
            hold.await(5, TimeUnit.SECONDS); // holds one thread until released below
        });
        creations.submit(table("shop", "t1"), c -> ran.add("shop.t1"));
        for (int i = 0; i < 10; i++) {
            String name = "plain.t" + i;
            creations.submit(table("plain", "t" + i), c -> ran.add(name));
        }
        creations.linked("shop");
        creations.start();
        creations.awaitDatabase("plain"); // on the other thread, while shop.t0 is held
        assertThat(ran).as("the other database, beside the held creation").contains("plain.t0", "plain.t9")
                .as("the linked database's next table waits for the one before it").contains("shop.t0").doesNotContain("shop.t1");
        hold.countDown();
        creations.awaitDatabase("shop");
        assertThat(ran).contains("shop.t1");
        assertThat(opened.get()).isBetween(1, TableCreations.SESSIONS);
        assertThat(closed).isEmpty();
        creations.close();
        assertThat(closed).hasSize(opened.get());
        assertThatThrownBy(() -> creations.submit(table("late", "t"), c -> { })).isInstanceOf(IllegalStateException.class);
    }
}
