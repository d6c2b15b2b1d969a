package io.cqrs.routing.internal;

import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.health.EndpointBreakers;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a lease does for statements created on the driver's connection, past the pool's proxies: closes the ones
 * left open, rolls back an unfinished transaction, and when that fails closes the driver's connection so that
 * the pool evicts it. In-memory connections that record what is called on them; no pool, no driver.
 */
class LeaseTest {

    /** Calls seen, in order, as "who.method". */
    private final List<String> calls = new ArrayList<>();
    private boolean rollbackFails;
    private boolean driverClosed;

    private Statement statement(String name) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, (p, m, a) -> {
            calls.add(name + "." + m.getName());
            return m.getReturnType() == boolean.class ? false : null;
        });
    }

    private final Connection driver = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
            (p, m, a) -> {
                calls.add("driver." + m.getName());
                if (m.getName().equals("close")) {
                    driverClosed = true;
                }
                return m.getReturnType() == boolean.class ? false : null;
            });

    /** The pool's proxy: unwraps to {@link #driver}; its close fails when the driver's connection was closed under it. */
    private final Connection pooled = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
            (p, m, a) -> {
                calls.add("pooled." + m.getName());
                switch (m.getName()) {
                    case "unwrap" -> {
                        return driver;
                    }
                    case "rollback" -> {
                        if (rollbackFails) {
                            throw new SQLException("Communications link failure", "08S01");
                        }
                    }
                    case "close" -> {
                        if (driverClosed) {
                            throw new SQLException("No operations allowed after connection closed.", "08003");
                        }
                    }
                    default -> { }
                }
                return m.getReturnType() == boolean.class ? false : null;
            });

    private static EndpointRuntime endpoint(EndpointRole role, boolean statementsOnDriver) {
        return new EndpointRuntime(EndpointConfig.builder("replica-1").jdbcUrl("jdbc:fake:replica-1").build(), role,
                new FakeEndpoints.FakePool(statementsOnDriver), true,
                EndpointBreakers.of(BreakerConfig.ofDefaults()).handle("replica-1"));
    }

    private Lease lease(EndpointRuntime endpoint, boolean spillPermit) {
        return new Lease(pooled, EndpointRuntime.movableKey(pooled), endpoint, spillPermit);
    }

    @Test
    void whereThePoolAllowsIt_statementsAreCreatedOnTheDriversConnection_andMovableWorkRegistersUnderIt() {
        Lease direct = lease(endpoint(EndpointRole.REPLICA, true), false);
        assertThat(direct.statements()).isSameAs(driver);
        assertThat(direct.driver()).isSameAs(driver);

        Lease proxied = lease(endpoint(EndpointRole.REPLICA, false), false);
        assertThat(proxied.statements()).isSameAs(pooled);
        assertThat(proxied.driver()).as("the key of movable work is the driver's connection either way").isSameAs(driver);
        assertThat(lease(endpoint(EndpointRole.SOURCE, true), false).statements()).isSameAs(driver);
    }

    @Test
    void onRelease_theStatementsLeftOpenAreClosed_thenAnUnfinishedTransactionRolledBack_thenTheConnectionReturned() throws SQLException {
        Lease l = lease(endpoint(EndpointRole.REPLICA, true), false);
        Statement a = statement("a");
        Statement b = statement("b");
        Statement c = statement("c");
        l.opened(a);
        l.opened(b);
        l.opened(c);
        l.closed(b); // closed by the caller: not again
        calls.clear();
        l.release(null, true);
        assertThat(calls).containsExactly("a.close", "c.close", "pooled.rollback", "pooled.close");
    }

    @Test
    void aFinishedTransaction_isNotRolledBack() throws SQLException {
        Lease l = lease(endpoint(EndpointRole.REPLICA, true), false);
        l.opened(statement("a"));
        l.closed(statement("other")); // not one of this lease's: nothing happens
        calls.clear();
        l.release(null, false);
        assertThat(calls).containsExactly("a.close", "pooled.close");
    }

    @Test
    void whenTheRollbackFails_theDriversConnectionIsClosed_andThePoolsComplaintAboutItIsExpected() throws SQLException {
        rollbackFails = true;
        Lease l = lease(endpoint(EndpointRole.REPLICA, true), false);
        calls.clear();
        l.release(null, true);
        assertThat(calls).containsExactly("pooled.rollback", "driver.close", "pooled.close");
    }

    @Test
    void onALeaseThePoolsProxiesServe_thePoolDoesItAll() throws SQLException {
        Lease l = lease(endpoint(EndpointRole.REPLICA, false), false);
        l.opened(statement("a"));
        calls.clear();
        l.release(null, true);
        assertThat(calls).containsExactly("pooled.close");
    }

    @Test
    void aFailureToReturnTheConnection_isTheCallersToSee_whenTheLeaseDidNotCloseItUnderThePool() {
        driverClosed = true; // closed by someone else: the pool's complaint is news
        Lease l = lease(endpoint(EndpointRole.REPLICA, true), false);
        assertThatThrownBy(() -> l.release(null, false)).isInstanceOf(SQLException.class).hasMessageContaining("after connection closed");
    }
}
