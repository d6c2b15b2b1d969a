package io.cqrs.routing.internal;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.LagConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.lag.ConnectionSource;
import io.cqrs.routing.lag.GtidLagProbe;
import io.cqrs.routing.lag.HeartbeatLagProbe;
import io.cqrs.routing.lag.HeartbeatWriter;
import io.cqrs.routing.lag.LagListener;
import io.cqrs.routing.lag.LagMonitor;
import io.cqrs.routing.lag.LagProbe;
import io.cqrs.routing.lag.LagSample;
import io.cqrs.routing.lag.ReplicaLag;
import io.cqrs.routing.lag.StatusLagProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Builds the lag monitor (and the optional heartbeat writer) from {@link LagConfig}: one
 * dedicated connection per replica and one to the source, opened with {@link DriverManager}
 * outside the routing pools so a busy pool never reads as lag. Probe connections connect and answer
 * within {@code cqrs.lag.probe-timeout-ms} (Connector/J {@code connectTimeout} and the connection's
 * network timeout), so a hung replica fails its probe in that time and is excluded as unresponsive.
 */
final class Monitoring {

    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);
    private static final Executor DIRECT = Runnable::run;

    private Monitoring() {
    }

    /**
     * The lag monitor and how to add a replica to it at run time; not started. Null when monitoring
     * is off. Without replicas it only costs an idle executor until one is added.
     */
    static Lag lag(RoutingConfig config, LagListener listener) {
        LagConfig s = config.lag();
        if (!s.enabled()) {
            return null;
        }
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, s.probeTimeout().toMillis());
        SourceReader source = new SourceReader(connections(config.source(), probeTimeoutMillis(s)));
        LagMonitor.Builder b = LagMonitor.builder().config(s).clock(config.clock()).listener(listener);
        Lag lag = new Lag(config, source, timeoutMs);
        for (EndpointConfig r : config.replicas()) {
            b.replica(r.name(), probeConnections(r, timeoutMs), lag.probes(r));
        }
        lag.monitor = b.build();
        return lag;
    }

    /** The lag monitor with what it takes to monitor replicas added at run time, and to follow a new source. */
    static final class Lag {
        private final RoutingConfig config;
        private final SourceReader source;
        private final int timeoutMs;
        private LagMonitor monitor;

        private Lag(RoutingConfig config, SourceReader source, int timeoutMs) {
            this.config = config;
            this.source = source;
            this.timeoutMs = timeoutMs;
        }

        LagMonitor monitor() {
            return monitor;
        }

        private LagProbe[] probes(EndpointConfig r) {
            LagConfig s = config.lag();
            List<LagProbe> chain = s.customProbes() != null ? s.customProbes().apply(r) : builtIn(s, source, config.clock());
            return chain.stream().map(Monitoring::guarded).toArray(LagProbe[]::new);
        }

        /** Monitors {@code r} from now on, with the same probe chain as the configured replicas. */
        void add(EndpointConfig r) {
            monitor.addReplica(r.name(), probeConnections(r, timeoutMs), probes(r));
        }

        void remove(String name) {
            monitor.removeReplica(name);
        }

        /** The GTID probes compare with {@code newSource} from now on. */
        void sourceIs(EndpointConfig newSource) {
            source.target(connections(newSource, probeTimeoutMillis(config.lag())));
        }
    }

    /** The heartbeat writer, not started; null unless {@code cqrs.lag.heartbeat-writer} is on. */
    static HeartbeatWriter heartbeatWriter(RoutingConfig config) {
        LagConfig s = config.lag();
        if (!s.enabled() || !s.heartbeatWriter() || config.replicas().isEmpty()) {
            return null;
        }
        ConnectionSource open = connections(config.source(), probeTimeoutMillis(s));
        String table = s.heartbeatTable();
        ConnectionSource creating = () -> {
            Connection c = open.open();
            try (Statement st = c.createStatement()) {
                int dot = table.indexOf('.');
                if (dot > 0) {
                    st.execute("CREATE DATABASE IF NOT EXISTS " + table.substring(0, dot));
                }
                st.execute(HeartbeatWriter.createTableSql(table));
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        };
        // a quarter of the lag budget, at most the probe interval: the heartbeat's age counts as lag
        Duration every = s.interval().compareTo(s.maxLag().dividedBy(4)) < 0 || s.maxLag().isZero()
                ? s.interval() : s.maxLag().dividedBy(4);
        return new HeartbeatWriter(creating, table, every.toMillis() < 1 ? s.interval() : every, null);
    }

    /** The source's side of the probes and the heartbeat writer: a loaded source gets more time than a replica's probe. */
    static int probeTimeoutMillis(LagConfig s) {
        long ms = Math.max(1_000, Math.min(10_000, s.interval().toMillis() * 4));
        return (int) ms;
    }

    private static List<LagProbe> builtIn(LagConfig s, SourceReader source, Clock clock) {
        List<LagProbe> chain = new ArrayList<>();
        for (LagConfig.ProbeKind k : s.probes()) {
            switch (k) {
                case HEARTBEAT -> chain.add(new LazyHeartbeat(s.heartbeatTable(), source));
                case GTID -> chain.add(new LazyGtid(source, clock));
                case STATUS -> chain.add(new StatusLagProbe());
                default -> throw new IllegalStateException("unknown probe " + k);
            }
        }
        return chain;
    }

    /**
     * A replica's probe connections: {@link #connections} whose connect also gives up after
     * {@code timeoutMs} (Connector/J's {@code connectTimeout}; the URL's own value is for the pool).
     */
    static ConnectionSource probeConnections(EndpointConfig e, int timeoutMs) {
        return connections(e, timeoutMs, Map.of("connectTimeout", Integer.toString(timeoutMs)));
    }

    /** Plain JDBC connections to an endpoint, with its credentials and driver properties. */
    static ConnectionSource connections(EndpointConfig e, int networkTimeoutMs) {
        return connections(e, networkTimeoutMs, Map.of());
    }

    private static ConnectionSource connections(EndpointConfig e, int networkTimeoutMs, Map<String, String> overrides) {
        Properties p = new Properties();
        for (Map.Entry<String, String> en : e.hikariProperties().entrySet()) {
            if (en.getKey().startsWith("dataSource.")) {
                p.setProperty(en.getKey().substring("dataSource.".length()), en.getValue());
            }
        }
        if (e.username() != null) {
            p.setProperty("user", e.username());
        }
        if (e.password() != null) {
            p.setProperty("password", e.password());
        }
        overrides.forEach(p::setProperty);
        String url = e.jdbcUrl();
        return () -> {
            Connection c = DriverManager.getConnection(url, p);
            try {
                c.setNetworkTimeout(DIRECT, networkTimeoutMs);
                c.setAutoCommit(true);
            } catch (SQLException | RuntimeException ex) {
                LOG.debug("endpoint '{}': network timeout not set on the monitor connection: {}", e.name(), ex.toString());
            }
            return c;
        };
    }

    /** The source side of the GTID and heartbeat probes: one shared connection, reopened after a failure. */
    static final class SourceReader {
        private ConnectionSource open;
        private Connection connection;
        private long serverId = -1;

        SourceReader(ConnectionSource open) {
            this.open = open;
        }

        /** Reads another server from now on (the source changed). */
        synchronized void target(ConnectionSource next) {
            close();
            open = next;
            serverId = -1;
        }

        synchronized String executedGtids(ServerFlavor replicaFlavor) throws SQLException {
            return query(GtidLagProbe.sourceQuery(replicaFlavor));
        }

        synchronized long serverId() throws SQLException {
            if (serverId < 0) {
                String id = query("SELECT @@server_id");
                try {
                    serverId = Long.parseLong(id.trim());
                } catch (NumberFormatException e) {
                    throw new SQLException("source @@server_id is not a number: " + id, "HY000", e);
                }
            }
            return serverId;
        }

        private String query(String sql) throws SQLException {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = open.open();
                }
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    String v = rs.next() ? rs.getString(1) : null;
                    return v == null ? "" : v;
                }
            } catch (SQLException | RuntimeException e) {
                close();
                throw e instanceof SQLException s ? s : new SQLException("source probe failed: " + e, "08000", e);
            }
        }

        private void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // broken anyway
                }
                connection = null;
            }
        }
    }

    /** A GTID probe that learns the replica's flavour on first use. */
    static final class LazyGtid implements LagProbe {
        private final SourceReader source;
        private final Clock clock;
        private GtidLagProbe delegate;

        LazyGtid(SourceReader source, Clock clock) {
            this.source = source;
            this.clock = clock;
        }

        @Override
        public LagSample probe(Connection replica) throws SQLException {
            if (delegate == null) {
                ServerFlavor f = flavorOf(replica);
                delegate = GtidLagProbe.textual(f, () -> source.executedGtids(f), clock);
            }
            return delegate.probe(replica);
        }

        @Override
        public String name() {
            return "gtid";
        }
    }

    /** A heartbeat probe that learns the source's server id on first use. */
    static final class LazyHeartbeat implements LagProbe {
        private final String table;
        private final SourceReader source;
        private HeartbeatLagProbe delegate;

        LazyHeartbeat(String table, SourceReader source) {
            this.table = table;
            this.source = source;
        }

        @Override
        public LagSample probe(Connection replica) throws SQLException {
            if (delegate == null) {
                delegate = new HeartbeatLagProbe(table, source.serverId());
            }
            return delegate.probe(replica);
        }

        @Override
        public String name() {
            return "heartbeat";
        }
    }

    /** A probe whose unexpected runtime errors count as probe failures (so the replica leaves after a few). */
    static LagProbe guarded(LagProbe probe) {
        return new LagProbe() {
            @Override
            public LagSample probe(Connection replica) throws SQLException {
                try {
                    return probe.probe(replica);
                } catch (RuntimeException e) {
                    throw new SQLException(probe.name() + " probe failed: " + e, "HY000", e);
                }
            }

            @Override
            public String name() {
                return probe.name();
            }
        };
    }

    /** The server family, failing as an SQLException (a probe failure) on an unreadable version. */
    static ServerFlavor flavorOf(Connection c) throws SQLException {
        try {
            return ServerVersion.detect(c).flavor();
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "HY000", e);
        }
    }

    static String describe(ReplicaLag r) {
        return r.lag() == null ? "unknown" : r.lag().toMillis() + "ms";
    }
}
