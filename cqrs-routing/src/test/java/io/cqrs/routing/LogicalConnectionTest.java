package io.cqrs.routing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogicalConnectionTest {

    private StubCluster cluster;
    private RoutingDataSource ds;

    @BeforeEach
    void start() {
        cluster = StubCluster.start(1);
        ds = cluster.ds;
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static RoutedConnection routed(Connection c) throws SQLException {
        return c.unwrap(RoutedConnection.class);
    }

    @Test
    void getConnection_borrowsNothing() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.commit();
            c.rollback();
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.isReadOnly()).isTrue();
            assertThat((Object) c.getWarnings()).isNull();
            c.clearWarnings();
            assertThat(c.isValid(1)).isTrue();
            assertThat(routed(c).currentEndpoint()).isNull();
            assertThat(cluster.activeEverywhere()).isZero();
        }
        assertThat(cluster.source.connectionsOpened()).isZero();
        assertThat(cluster.replica(1).connectionsOpened()).isZero();
    }

    @Test
    void noFlag_goesToSource() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(cluster.where(c)).isEqualTo("source");
        }
    }

    @Test
    void readOnlySetAfterGetConnection_goesToReplica() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("replica-1");
        }
    }

    @Test
    void readOnlyRouteAndConsistencyLevel_choseAtGetConnection() throws SQLException {
        try (Connection c = ds.getConnection(Route.REPLICA)) {
            assertThat(cluster.where(c)).isEqualTo("replica-1");
        }
        try (Connection c = ds.getConnection(Route.SOURCE)) {
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("source");
        }
        try (Connection c = ds.getConnection(ConsistencyLevel.STRONG)) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(cluster.where(c)).isEqualTo("source");
        }
        try (Connection c = ds.getConnection(ConsistencyLevel.EVENTUAL)) {
            assertThat(cluster.where(c)).isEqualTo("replica-1");
        }
    }

    @Test
    void springStyleReadOnlyTransaction_sendsNoRedundantSets() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);           // Spring: prepareConnectionForTransaction
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                ps.executeQuery().close();
            }
            c.commit();
            c.setAutoCommit(true);         // Spring: resetConnectionAfterTransaction
            c.setReadOnly(false);
        }
        // the replica pool is read-only at pool level: no setReadOnly at all, nothing on the source
        assertThat(cluster.calls("replica-1"))
                .containsExactly("setAutoCommit(false)", "prepareStatement", "execute:SELECT 1", "commit", "setAutoCommit(true)");
        assertThat(cluster.calls("source")).isEmpty();
        assertThat(cluster.activeEverywhere()).isZero();
    }

    @Test
    void readWriteTransaction_goesToSourceWithOnlyWhatTheAppSends() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
            }
            c.commit();
        }
        // the last setAutoCommit(true) is HikariCP resetting the returned connection, as with a plain pool
        assertThat(cluster.calls("source"))
                .containsExactly("setAutoCommit(false)", "createStatement", "execute:INSERT INTO t VALUES (1)", "commit", "setAutoCommit(true)");
        assertThat(cluster.calls("replica-1")).isEmpty();
    }

    @Test
    void redundantSetsAfterBorrow_areSkipped() throws SQLException {
        try (Connection c = ds.getConnection()) {
            cluster.where(c);
            cluster.clearCalls();
            c.setAutoCommit(true);
            c.setReadOnly(false);
            c.setTransactionIsolation(c.getTransactionIsolation());
            c.setAutoCommit(false);
            c.setAutoCommit(false);
        }
        assertThat(cluster.calls("source")).containsExactly("setAutoCommit(false)", "setAutoCommit(true)");
    }

    @Test
    void transactionWithWork_isPinned_andReadOnlyChangeThrows25001() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            assertThat(cluster.where(c)).isEqualTo("source");
            assertThat(routed(c).isPinned()).isTrue();
            assertThatThrownBy(() -> c.setReadOnly(true))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("Cannot change the read-only flag to true inside a transaction (endpoint 'source',"
                            + " auto-commit off, statements executed); commit or roll back first: a transaction never changes server")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25001");
            c.setReadOnly(false); // unchanged value: fine
            try (RoutingScope s = RoutingScope.route(Route.REPLICA)) {
                assertThat(cluster.where(c)).isEqualTo("source"); // a scope cannot move a running transaction
            }
            assertThat(c.isReadOnly()).isFalse();
            c.commit();
            assertThat(routed(c).isPinned()).isFalse();
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("replica-1");
            assertThat(cluster.active("source")).isZero();
        }
    }

    @Test
    void rollbackEndsTheTransactionToo() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            cluster.where(c);
            c.rollback();
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("replica-1");
        }
    }

    @Test
    void readOnlyAfterAutoCommitOff_beforeAnyStatement_stillRoutes() throws SQLException {
        // Jdbi: inTransaction (setAutoCommit(false)) and then handle.setReadOnly(true) in the callback
        try (Connection c = ds.getConnection()) {
            cluster.where(c); // an earlier auto-commit statement borrowed from the source
            c.setAutoCommit(false);
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("replica-1");
            assertThat(cluster.calls("replica-1")).startsWith("setAutoCommit(false)");
            c.commit();
        }
    }

    @Test
    void autoCommitStatements_followTheFlagOneByOne() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(cluster.where(c)).isEqualTo("source");
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("replica-1");
            c.setReadOnly(false);
            assertThat(cluster.where(c)).isEqualTo("source");
            assertThat(cluster.active("replica-1")).isZero();
        }
    }

    @Test
    void switchingEndpoint_closesStatementsOfTheOldOne() throws SQLException {
        try (Connection c = ds.getConnection()) {
            Statement old = c.createStatement();
            old.executeQuery("SELECT 1").close();
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("replica-1");
            assertThat(old.isClosed()).isTrue();
        }
    }

    @Test
    void stateSetBeforeBorrow_isReplayedOnlyWhereItDiffers() throws SQLException {
        try (Connection warm = ds.getConnection()) {
            cluster.where(warm); // lets the source's defaults be learned
        }
        cluster.clearCalls();
        Properties info = new Properties();
        info.setProperty("ApplicationName", "orders");
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // the pool's default: no SET
            c.setCatalog("app");                                              // the pool's default: no SET
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            c.setSchema("reports");
            c.setClientInfo(info);
            c.setNetworkTimeout(Runnable::run, 5000);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("orders");
            assertThat(routed(c).currentEndpoint()).isNull();
            cluster.where(c);
        }
        assertThat(cluster.server("source").callsBy(Thread.currentThread()))
                .startsWith("setTransactionIsolation(2)", "setSchema(reports)", "setHoldability(2)", "setClientInfo({ApplicationName=orders})",
                        "setNetworkTimeout(5000)");
    }

    @Test
    void gettersBeforeBorrow_answerFromKnownDefaultsWithoutBorrowing() throws SQLException {
        try (Connection warm = ds.getConnection()) {
            cluster.where(warm);
        }
        try (Connection c = ds.getConnection()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(c.getCatalog()).isEqualTo("app");
            assertThat(c.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            assertThat(routed(c).currentEndpoint()).isNull();
        }
    }

    @Test
    void readOnlyOnTheSource_routesButIsNotSentToThePhysicalConnection() throws SQLException {
        try (RoutingScope s = RoutingScope.forceSource(); Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            assertThat(cluster.where(c)).isEqualTo("source");
            assertThat(c.isReadOnly()).isTrue();
        }
        assertThat(cluster.calls("source")).noneMatch(call -> call.startsWith("setReadOnly"));
    }

    @Test
    void closedConnection_throws08003() throws SQLException {
        Connection c = ds.getConnection();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        for (ThrowingCall call : new ThrowingCall[]{() -> c.setReadOnly(true), c::createStatement, c::commit,
                () -> c.setAutoCommit(false), c::getMetaData, () -> c.prepareStatement("x")}) {
            assertThatThrownBy(call::run).isInstanceOf(SQLException.class)
                    .hasMessage("Connection is closed")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
        }
    }

    interface ThrowingCall {
        void run() throws SQLException;
    }

    @Test
    void statements_reportTheLogicalConnection() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("SELECT ?");
                 CallableStatement cs = c.prepareCall("{call p()}")) {
                assertThat(s.getConnection()).isSameAs(c);
                assertThat(ps.getConnection()).isSameAs(c);
                assertThat(cs.getConnection()).isSameAs(c);
                assertThat(s.isWrapperFor(Statement.class)).isTrue();
            }
        }
    }

    @Test
    void unwrap_routedConnectionWithoutBorrow_physicalPinsUntilClose() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(c.unwrap(RoutedConnection.class)).isSameAs(c);
            assertThat(c.isWrapperFor(Connection.class)).isTrue();
            assertThat(routed(c).currentEndpoint()).isNull();
            Connection physical = c.unwrap(io.cqrs.routing.stub.StubMarker.class);
            assertThat(physical.toString()).startsWith("StubConnection[" + cluster.id + "-source");
            assertThat(routed(c).isPinned()).isTrue();
            c.setReadOnly(true); // applied to the exposed connection, no move
            assertThat(cluster.where(c)).isEqualTo("source");
        }
        assertThat(cluster.activeEverywhere()).isZero();
    }

    @Test
    void savepoints_borrowAndPin() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Savepoint sp = c.setSavepoint("a");
            assertThat(routed(c).isPinned()).isTrue();
            c.rollback(sp);
            c.releaseSavepoint(sp);
            c.commit();
        }
        assertThat(cluster.calls("source")).containsExactly("setAutoCommit(false)", "setSavepoint(a)", "rollback(a)",
                "releaseSavepoint(a)", "commit", "setAutoCommit(true)");
    }

    @Test
    void metadataAndNativeSql_borrow() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            assertThat(c.getMetaData().getURL()).isEqualTo(cluster.url("replica-1"));
            assertThat(c.nativeSQL("SELECT 1")).isEqualTo("SELECT 1");
        }
    }

    @Test
    void abort_returnsThePhysicalConnection() throws SQLException {
        Connection c = ds.getConnection();
        cluster.where(c);
        Executor direct = Runnable::run;
        c.abort(direct);
        assertThat(c.isClosed()).isTrue();
        assertThat(cluster.activeEverywhere()).isZero();
    }

    @Test
    void tenThousandMixedLogicalConnections_leaveEveryPoolIdle() throws SQLException {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Connection c = ds.getConnection();
            try {
                int kind = random.nextInt(7);
                if (kind == 0) {
                    continue; // never used
                }
                c.setReadOnly(random.nextBoolean());
                boolean tx = random.nextBoolean();
                c.setAutoCommit(!tx);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                if (kind == 1) {
                    try {
                        c.setReadOnly(!c.isReadOnly()); // throws inside a transaction
                    } catch (SQLException expected) {
                        assertThat(expected.getSQLState()).isEqualTo("25001");
                    }
                    cluster.where(c);
                }
                if (tx) {
                    if (random.nextBoolean()) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                }
            } finally {
                c.close();
            }
        }
        assertThat(cluster.activeEverywhere()).isZero();
        assertThat(ds.topology().source().load().inFlight()).isZero();
        assertThat(ds.topology().replicas().get(0).load().inFlight()).isZero();
    }
}
