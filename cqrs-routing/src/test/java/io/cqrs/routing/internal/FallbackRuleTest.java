package io.cqrs.routing.internal;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.fallback.SpillRejectedException;
import io.cqrs.routing.testing.FakeJdbc.Result;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** No replica serves: the source under the spill cap, or a clear error. Driven on in-memory endpoints. */
class FallbackRuleTest {

    private static final BorrowRequest READ = BorrowRequest.of(EndpointRole.REPLICA, true);

    @Test
    void chosenReplicaDown_nextOneServes_failover() throws SQLException {
        FakeEndpoints f = new FakeEndpoints(2);
        f.replicaPool(1).down = true;
        Lease first = f.router.borrow(READ);
        Lease second = f.router.borrow(READ);
        assertThat(first.endpoint().name()).isEqualTo("replica-2");
        assertThat(second.endpoint().name()).isEqualTo("replica-2");
        assertThat(f.events).contains("route replica-2 FAILOVER", "route replica-2 READ_ONLY");
        f.release(first);
        f.release(second);
    }

    @Test
    void noReplicaServes_readGoesToTheSourceHoldingASpillPermit_theNextOneBeyondTheCapIsRejected() throws SQLException {
        FakeEndpoints f = new FakeEndpoints(1); // cap 1
        f.facts("replica-1", x -> x.withStatus(EndpointStatus.DRAINING));
        Lease held = f.router.borrow(READ);
        assertThat(held.endpoint().name()).isEqualTo("source");
        assertThat(held.holdsSpillPermit()).isTrue();
        assertThat(f.runtime.spill().inFlight()).isEqualTo(1);
        SpillRejectedException e = catchThrowableOfType(() -> f.router.borrow(READ), SpillRejectedException.class);
        assertThat(e.getSQLState()).isEqualTo("08004");
        assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("replica-1: not eligible: draining");
        assertThat(f.events).containsExactly("route source FALLBACK", "reject source SPILL_REJECTED");
        f.release(held);
        assertThat(f.runtime.spill().inFlight()).isZero();
        assertThat(f.breakers.breaker("source").getMetrics().getNumberOfNotPermittedCalls()).isZero();
    }

    @Test
    void writes_neverTakeASpillPermit() throws SQLException {
        FakeEndpoints f = new FakeEndpoints(0);
        Lease w = f.router.borrow(BorrowRequest.of(EndpointRole.SOURCE, false));
        assertThat(w.holdsSpillPermit()).isFalse();
        assertThat(f.events).containsExactly("route source READ_WRITE");
        f.release(w);
    }

    @Test
    void fallbackOff_theErrorNamesEveryReplicaAndWhy() {
        FakeEndpoints f = new FakeEndpoints(2, b -> b.fallbackToSource(false));
        f.replicaPool(1).down = true;
        f.facts("replica-2", x -> x.withStatus(EndpointStatus.DRAINING));
        NoEndpointAvailableException e = catchThrowableOfType(() -> f.router.borrow(READ), NoEndpointAvailableException.class);
        assertThat(e.getMessage()).isEqualTo("No endpoint could serve a read-only connection (fallback to the source is off:"
                + " cqrs.routing.fallback-to-source=false); tried replica-1 (replica: Connection refused [08001]),"
                + " then replica-2 (replica: not eligible: draining)");
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(f.sourcePool.borrows).isZero();
    }

    @Test
    void tokenNoReplicaAppliedInTime_readGoesToTheSource_tokenFallback() throws SQLException {
        FakeEndpoints f = new FakeEndpoints(1, b -> b.consistency(io.cqrs.routing.ConsistencyConfig.custom()
                .tokenWait(Duration.ofMillis(20)).build()));
        f.replicaPool(1).jdbc.respond((sql, p) -> Result.single(sql.contains("GTID_SUBSET") ? 0L : 1L));
        ConsistencyToken token = ConsistencyToken.of(ServerFlavor.MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9");
        Lease l = f.router.borrow(new BorrowRequest(EndpointRole.REPLICA, true, null, null, token, null));
        assertThat(l.endpoint().name()).isEqualTo("source");
        assertThat(f.events).containsExactly("route source TOKEN_FALLBACK");
        assertThat(f.replica(1).inFlight()).as("the replica's connection went back").isZero();
        f.release(l);
    }

    @Test
    void failedBorrow_feedsTheBreaker_andTheOpenBreakerIsThenSkippedWithoutABorrow() throws SQLException {
        FakeEndpoints f = new FakeEndpoints(1, b -> b.breaker(io.cqrs.routing.BreakerConfig.custom().minimumNumberOfCalls(1)
                .slidingWindow(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 1).build()));
        f.replicaPool(1).down = true;
        f.release(f.router.borrow(READ));                      // fails over to the source; the breaker opens
        f.replicaPool(1).down = false;
        int borrows = f.replicaPool(1).borrows;
        Lease l = f.router.borrow(READ);
        assertThat(l.endpoint().name()).isEqualTo("source");
        assertThat(f.replicaPool(1).borrows).isEqualTo(borrows);
        assertThat(f.events).containsExactly("route source FALLBACK", "exclude replica-1 BREAKER_OPEN", "route source FALLBACK");
        f.release(l);
    }
}
