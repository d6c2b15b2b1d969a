package io.cqrs.routing.internal;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.testing.FakeJdbc;
import io.cqrs.routing.testing.FakeJdbc.Result;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TokenGateTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final ConsistencyToken TOKEN = ConsistencyToken.of(ServerFlavor.MYSQL, UUID + ":1-5");

    private final FakeEndpoints f = new FakeEndpoints(2);

    /** A connection of replica {@code i} whose server answers the check with {@code subset} and waits with {@code waited}. */
    private Connection replica(int i, long subset, long waited) throws SQLException {
        FakeJdbc db = f.replicaPool(i).jdbc;
        db.respond((sql, p) -> Result.single(sql.contains("GTID_SUBSET") ? subset : waited));
        return f.replicaPool(i).getConnection();
    }

    @Test
    void replicaKnownToHaveTheToken_isPinnedWithoutARoundTrip_andTriedFirst() throws SQLException {
        f.replica(2).learnApplied(TOKEN);
        EndpointRuntime[] cands = {f.replica(1), f.replica(2)};
        assertThat(TokenGate.knownHolder(cands, TOKEN)).isEqualTo(1);
        assertThat(TokenGate.knownHolder(cands, ConsistencyToken.parse(TOKEN.serialize()))).as("equal text, parsed again").isEqualTo(1);
        Connection c = replica(2, 0, 1);
        assertThat(TokenGate.waiting(TOKEN, Duration.ofMillis(50)).accept(f.replica(2), c, RoutingReason.READ_ONLY))
                .isEqualTo(RoutingReason.TOKEN_PINNED);
        assertThat(f.replicaPool(2).jdbc.executed).isEmpty();
    }

    private static final String BOUNDED_WAIT = "SELECT /*+ MAX_EXECUTION_TIME(";

    @Test
    void replicaThatHasTheToken_isConfirmedByOneWaitStatement_andRemembersIt() throws SQLException {
        Connection c = replica(1, 1, 0);
        assertThat(TokenGate.waiting(TOKEN, Duration.ofMillis(200)).accept(f.replica(1), c, RoutingReason.READ_ONLY))
                .isEqualTo(RoutingReason.TOKEN_WAITED);
        assertThat(f.replicaPool(1).jdbc.executed).as("no separate check: the wait returns at once when applied").hasSize(1);
        assertThat(f.replicaPool(1).jdbc.executed.get(0)).startsWith(BOUNDED_WAIT).endsWith(" */ WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
        assertThat(f.replica(1).hasApplied(TOKEN)).isTrue();
    }

    @Test
    void mysqlWait_isBoundedByTheBudgetLeft_withAWholeSecondTimeout() throws SQLException {
        Connection c = replica(1, 0, 0);
        TokenGate.waiting(TOKEN, Duration.ofMillis(200)).accept(f.replica(1), c, RoutingReason.READ_ONLY);
        String sql = f.replicaPool(1).jdbc.executed.get(0);
        long hint = Long.parseLong(sql.substring(BOUNDED_WAIT.length(), sql.indexOf(')')));
        assertThat(hint).as("MAX_EXECUTION_TIME of " + sql).isBetween(1L, 200L);
        assertThat(f.replicaPool(1).jdbc.parameters.get(0)).containsExactly(TOKEN.gtids(), new java.math.BigDecimal("1"));
    }

    @Test
    void replicaThatDoesNotApplyTheTokenInTime_declinesAfterOneStatement_noPolling() throws SQLException {
        Connection c = replica(1, 0, 1);
        TokenGate gate = TokenGate.waiting(TOKEN, Duration.ofMillis(30));
        long t0 = System.nanoTime();
        assertThat(gate.accept(f.replica(1), c, RoutingReason.READ_ONLY)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(f.replicaPool(1).jdbc.executed).as("one wait, never asked again").hasSize(1);
        assertThat(gate.declined()).isEqualTo("has not applied the session's token within cqrs.consistency.token-wait-ms=30ms");
        assertThat(f.replica(1).hasApplied(TOKEN)).isFalse();
    }

    @Test
    void budgetEndedByTheServer_error3024_declines() throws SQLException {
        FakeJdbc db = f.replicaPool(1).jdbc;
        db.respond((sql, p) -> {
            throw new SQLException("Query execution was interrupted, maximum statement execution time exceeded", "HY000", 3024);
        });
        Connection c = f.replicaPool(1).getConnection();
        assertThat(TokenGate.waiting(TOKEN, Duration.ofMillis(30)).accept(f.replica(1), c, RoutingReason.READ_ONLY)).isNull();
    }

    @Test
    void checkOnlyGate_neverWaits_andKeepsTheProposedReason() throws SQLException {
        Connection behind = replica(1, 0, 0);
        assertThat(TokenGate.checkOnly(TOKEN).accept(f.replica(1), behind, RoutingReason.DEGRADED)).isNull();
        assertThat(f.replicaPool(1).jdbc.executed).containsExactly("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)");
        Connection ahead = replica(2, 1, 0);
        assertThat(TokenGate.checkOnly(TOKEN).accept(f.replica(2), ahead, RoutingReason.DEGRADED)).isEqualTo(RoutingReason.DEGRADED);
    }
}
