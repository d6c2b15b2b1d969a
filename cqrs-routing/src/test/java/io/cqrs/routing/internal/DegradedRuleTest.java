package io.cqrs.routing.internal;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.NoEndpointAvailableException;
import io.cqrs.routing.Route;
import io.cqrs.routing.testing.FakeJdbc.Result;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

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

    // ---- the source fails a fallback read's first statement (it died while serving reads no replica could take)

    /** Replicas lag-excluded, the source still lends connections but each fails its first statement (08S01). */
    private void replicasLaggingAndSourceConnectionsBroken() {
        f.facts("replica-1", x -> x.withLag(false, "replication stopped"));
        f.facts("replica-2", x -> x.withLag(false, "replication stopped"));
        f.sourcePool.jdbc.respond((sql, p) -> {
            throw new SQLException("Communications link failure", "08S01");
        });
        f.replicaPool(1).jdbc.respond((sql, p) -> Result.single("replica-1"));
        f.replicaPool(2).jdbc.respond((sql, p) -> Result.single("replica-2"));
    }

    private static String firstRead(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            return rs.next() ? rs.getString(1) : fail("no row");
        }
    }

    @Test
    void fallbackReadMovingAwayFromTheSource_skipsTheSource_andIsServedDegraded() throws SQLException {
        replicasLaggingAndSourceConnectionsBroken();
        Lease l = f.router.borrow(new BorrowRequest(EndpointRole.REPLICA, true, null, null, null, f.source));
        assertThat(l.endpoint().name()).isEqualTo("replica-1");
        assertThat(f.sourcePool.borrows).as("the source is not tried again").isZero();
        assertThat(f.events).endsWith("route replica-1 DEGRADED");
        f.release(l);
    }

    @Test
    void sourceFailsAFallbackReadsFirstStatement_theReadRunsOnTheLagExcludedReplica_degraded() throws SQLException {
        replicasLaggingAndSourceConnectionsBroken();
        try (Connection c = new LogicalConnection(f.router.spec(Route.AUTO))) {
            c.setReadOnly(true);
            assertThat(firstRead(c)).isEqualTo("replica-1");
            assertThat(((LogicalConnection) c).currentEndpoint()).isEqualTo("replica-1");
        }
        assertThat(f.sourcePool.jdbc.executed).as("tried once on the source").containsExactly("SELECT @@server_id");
        assertThat(f.replicaPool(1).jdbc.executed).containsExactly("SELECT @@server_id");
        assertThat(f.events).containsSubsequence("route source FALLBACK", "route replica-1 DEGRADED");
        assertThat(f.runtime.spill().inFlight()).as("the fallback's spill permit went back with the broken lease").isZero();
        assertThat(f.sourcePool.active.get() + f.replicaPool(1).active.get()).isZero();
    }

    @Test
    void sourceFailsAFallbackRead_andNoReplicaCanServe_theCallerGetsTheSourcesFailure() throws SQLException {
        replicasLaggingAndSourceConnectionsBroken();
        f.replicaPool(1).down = true;
        f.replicaPool(2).down = true;
        try (Connection c = new LogicalConnection(f.router.spec(Route.AUTO))) {
            c.setReadOnly(true);
            SQLException e = catchThrowableOfType(() -> firstRead(c), SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("08S01");
            assertThat(e.getMessage()).isEqualTo("Communications link failure");
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(NoEndpointAvailableException.class)
                    .extracting(Throwable::getMessage).asString()
                    .contains("source (source: its connection failed the read's first statement just now)",
                            "replica-1 (replica: degraded read: Connection refused [08001])");
        }
    }

    @Test
    void forcedSourceRead_failingOnTheSource_neverMovesToAReplica() throws SQLException {
        replicasLaggingAndSourceConnectionsBroken();
        try (Connection c = new LogicalConnection(f.router.spec(Route.SOURCE))) {
            c.setReadOnly(true);
            SQLException e = catchThrowableOfType(() -> firstRead(c), SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("08S01");
        }
        assertThat(f.replicaPool(1).borrows + f.replicaPool(2).borrows).isZero();
    }
}
