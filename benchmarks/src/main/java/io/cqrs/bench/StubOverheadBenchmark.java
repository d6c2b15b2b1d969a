package io.cqrs.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrs.bench.stub.StubDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import io.cqrs.bench.stub.StubServer;
import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a routing layer adds to a connection cycle when the driver costs nothing: the stub
 * driver does no I/O, so the differences are the layers' own work. Every variant runs in the
 * same JMH run, so ratios to {@code rawHikari*} are comparable; absolute numbers are not.
 *
 * <p>Read cycle: getConnection, setReadOnly(true), prepareStatement, executeQuery, next,
 * close. Write cycle: getConnection, setAutoCommit(false), prepareStatement, executeUpdate,
 * commit, close.
 *
 * <p>Variants: raw HikariCP on one pool; Spring's {@link LazyConnectionDataSourceProxy} with
 * {@code setReadOnlyDataSource}; the hand-rolled Spring pattern ({@link AbstractRoutingDataSource}
 * keyed on {@link TransactionSynchronizationManager#isCurrentTransactionReadOnly()} behind a lazy
 * proxy; the benchmark sets that flag around the read cycle as Spring's transaction manager
 * would, and not the rest of what the transaction manager does); the {@link RoutingDataSource}
 * (see {@link RoutedSetup} for its config), with and without GTID capture on writes, and a read
 * carrying a {@link ConsistencyToken} the replica is known to have applied (no round trip).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class StubOverheadBenchmark {

    static final String QUERY = "SELECT id FROM t WHERE id = ?";
    static final String UPDATE = "UPDATE t SET v = v + 1 WHERE id = ?";

    HikariDataSource rawSource;
    HikariDataSource rawReplica;
    DataSource springLazyReadOnly;
    DataSource springRouting;
    RoutingDataSource routed;
    RoutingDataSource routedNoCapture;
    AutoCloseable routedCloser;
    AutoCloseable routedNoCaptureCloser;
    /** Equal to the token the replica learned in setUp, but another instance (as if parsed from a header). */
    ConsistencyToken token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StubDriver.register();
        rawSource = pool("source");
        rawReplica = pool("replica");
        LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(rawSource);
        lazy.setReadOnlyDataSource(rawReplica);
        springLazyReadOnly = lazy;
        springRouting = springRouting(rawSource, rawReplica);
        RoutedSetup r = RoutedSetup.stub(true);
        routed = r.dataSource();
        routedCloser = r;
        RoutedSetup n = RoutedSetup.stub(false);
        routedNoCapture = n.dataSource();
        routedNoCaptureCloser = n;
        // a write through the router captures a GTID; the first token read checks the replica
        // (gtid_slave_pos on the stub) and remembers that it has applied the token
        writeCycle(routed);
        String serialized = routed.currentToken().orElseThrow().serialize();
        routed.clearToken();
        readCycle(routed, ConsistencyToken.parse(serialized));
        token = ConsistencyToken.parse(serialized);
        if (token.flavor() != ServerFlavor.MARIADB) {
            throw new IllegalStateException("the stub should pass for MariaDB (" + StubServer.VERSION + "), got " + token);
        }
    }

    /** The usual hand-rolled Spring router: lookup key from the transaction's read-only flag, lazily. */
    static DataSource springRouting(DataSource source, DataSource replica) {
        AbstractRoutingDataSource r = new AbstractRoutingDataSource() {
            @Override
            protected Object determineCurrentLookupKey() {
                return TransactionSynchronizationManager.isCurrentTransactionReadOnly() ? "replica" : "source";
            }
        };
        r.setTargetDataSources(Map.of("source", source, "replica", replica));
        r.setDefaultTargetDataSource(source);
        r.afterPropertiesSet();
        return new LazyConnectionDataSourceProxy(r);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        routedCloser.close();
        routedNoCaptureCloser.close();
        rawSource.close();
        rawReplica.close();
    }

    static HikariDataSource pool(String endpoint) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(StubDriver.PREFIX + endpoint);
        c.setPoolName("raw-" + endpoint);
        c.setMaximumPoolSize(8);
        c.setMinimumIdle(8);
        return new HikariDataSource(c);
    }

    static long readCycle(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setLong(1, 42L);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    static long readCycle(RoutingDataSource ds, ConsistencyToken token) throws SQLException {
        try (Connection c = ds.getConnection(token)) {
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setLong(1, 42L);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    static int writeCycle(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            int n;
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                ps.setLong(1, 42L);
                n = ps.executeUpdate();
            }
            c.commit();
            return n;
        }
    }

    @Benchmark
    public long rawHikariRead() throws SQLException {
        return readCycle(rawReplica);
    }

    @Benchmark
    public long springLazyProxyRead() throws SQLException {
        return readCycle(springLazyReadOnly);
    }

    @Benchmark
    public long springRoutingRead() throws SQLException {
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
        try {
            return readCycle(springRouting);
        } finally {
            TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
        }
    }

    @Benchmark
    public long routedRead() throws SQLException {
        return readCycle(routed);
    }

    /** Read-your-writes read: the token is one the replica is known to have applied. */
    @Benchmark
    public long routedTokenRead() throws SQLException {
        return readCycle(routed, token);
    }

    @Benchmark
    public int rawHikariWrite() throws SQLException {
        return writeCycle(rawSource);
    }

    @Benchmark
    public int springLazyProxyWrite() throws SQLException {
        return writeCycle(springLazyReadOnly);
    }

    @Benchmark
    public int springRoutingWrite() throws SQLException {
        return writeCycle(springRouting);
    }

    /** With GTID capture (the stub answers SELECT @@last_gtid, merged into the thread's session token). */
    @Benchmark
    public int routedWrite() throws SQLException {
        return writeCycle(routed); // the thread's token stays one GTID (MariaDB: highest per domain)
    }

    @Benchmark
    public int routedWriteNoCapture() throws SQLException {
        return writeCycle(routedNoCapture);
    }
}
