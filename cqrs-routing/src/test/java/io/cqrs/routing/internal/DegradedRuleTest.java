package io.cqrs.routing.internal;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.testing.FakeJdbc.Result;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Source down and every replica lag-excluded: stale data rather than none, within limits. */
class DegradedRuleTest {

    private static final ConsistencyToken TOKEN = ConsistencyToken.of(ServerFlavor.MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9");

    private final FakeEndpoints f = new FakeEndpoints(2);

    private void sourceDownAndReplicasLagging() {
        f.sourcePool.down = true;
        f.facts("replica-1", x -> x.withLag(false, "lag 9000ms"));
        f.facts("replica-2", x -> x.withLag(false, "lag 8000ms"));
    }

    @Test
    void sourceDown_aLagExcludedReplicaServes_degraded() throws SQLException {
        sourceDownAndReplicasLagging();
        Lease l = f.router.borrow(BorrowRequest.of(EndpointRole.REPLICA, true));
        assertThat(l.endpoint().name()).isEqualTo("replica-1");
        assertThat(l.holdsSpillPermit()).isFalse();
        assertThat(f.events).containsExactly("exclude replica-1 LAG_EXCLUDED", "exclude replica-2 LAG_EXCLUDED",
                "route replica-1 DEGRADED");
        assertThat(f.runtime.spill().inFlight()).as("the failed source borrow gave its permit back").isZero();
        f.release(l);
    }

    @Test
    void boundedStaleness_isNeverServedDegraded() {
        sourceDownAndReplicasLagging();
        NoEndpointAvailableException e = catchThrowableOfType(() -> f.router.borrow(
                new BorrowRequest(EndpointRole.REPLICA, true, null, Duration.ofSeconds(60), null, null)), NoEndpointAvailableException.class);
        assertThat(e.getMessage()).startsWith("No endpoint could serve a read-only connection; tried replica-1 (replica: excluded by lag:"
                + " not monitored").contains("then source (source: Connection refused [08001])");
        assertThat(f.replicaPool(1).borrows + f.replicaPool(2).borrows).isZero();
    }

    @Test
    void tokenRead_isServedDegradedOnlyWhereTheReplicaAlreadyContainsTheToken() throws SQLException {
        sourceDownAndReplicasLagging();
        f.replicaPool(1).jdbc.respond((sql, p) -> Result.single(0L));   // behind the token
        f.replicaPool(2).jdbc.respond((sql, p) -> Result.single(1L));   // contains it
        Lease l = f.router.borrow(new BorrowRequest(EndpointRole.REPLICA, true, null, null, TOKEN, null));
        assertThat(l.endpoint().name()).isEqualTo("replica-2");
        assertThat(f.events).endsWith("route replica-2 DEGRADED");
        assertThat(f.replicaPool(1).jdbc.executed).as("checked, never waited").containsExactly("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)");
        f.release(l);
    }

    @Test
    void nothingServes_theErrorNamesTheReplicasThenTheSourceThenTheDegradedTries() {
        sourceDownAndReplicasLagging();
        f.replicaPool(1).down = true;
        f.replicaPool(2).down = true;
        NoEndpointAvailableException e = catchThrowableOfType(() -> f.router.borrow(BorrowRequest.of(EndpointRole.REPLICA, true)),
                NoEndpointAvailableException.class);
        assertThat(e.attempts()).extracting(a -> a.endpoint() + ": " + a.problem()).containsExactly(
                "replica-1: excluded by lag: not monitored (cqrs.lag.enabled=false or added at run time), so no staleness budget can be met",
                "replica-2: excluded by lag: not monitored (cqrs.lag.enabled=false or added at run time), so no staleness budget can be met",
                "source: Connection refused [08001]",
                "replica-1: degraded read: Connection refused [08001]",
                "replica-2: degraded read: Connection refused [08001]");
        assertThat(e.getSQLState()).isEqualTo("08001");
    }
}
