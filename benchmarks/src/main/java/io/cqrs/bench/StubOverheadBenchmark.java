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
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * What a routing layer adds to a connection cycle when the driver costs nothing: the stub
 * driver does no I/O, so the differences are the layers' own work. Every variant runs in the
 * same JMH run, so ratios to {@code rawHikari*} are comparable; absolute numbers are not.
 *
 * <p>Read cycle: getConnection, setReadOnly(true), prepareStatement, executeQuery, next,
 * close. Write cycle: getConnection, setAutoCommit(false), prepareStatement, executeUpdate,
 * commit, close.
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
    DataSource routed;
    AutoCloseable routedCloser;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StubDriver.register();
        rawSource = pool("source");
        rawReplica = pool("replica");
        LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(rawSource);
        lazy.setReadOnlyDataSource(rawReplica);
        springLazyReadOnly = lazy;
        RoutedSetup r = RoutedSetup.stub();
        routed = r.dataSource();
        routedCloser = r;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        routedCloser.close();
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
    public long routedRead() throws SQLException {
        return readCycle(routed);
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
    public int routedWrite() throws SQLException {
        return writeCycle(routed);
    }
}
