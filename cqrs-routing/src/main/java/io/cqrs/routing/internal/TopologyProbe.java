package io.cqrs.routing.internal;

import io.cqrs.common.ServerVersion;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationColumns;
import io.cqrs.routing.DiscoveryConfig;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.lag.ConnectionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The background half of discovery: every {@link DiscoveryConfig#interval()} it asks each known
 * server its role ({@link ServerRole}) on a dedicated connection (outside the routing pools, with
 * a network timeout), lets {@link RoleDecision} decide, and hands the result to the topology
 * manager, which changes what differs. One thread; a round can also be asked for at once
 * ({@link #probeSoon()}), e.g. when a write was refused because its source turned read-only.
 * Flavour SQL comes from the server's {@link Dialect}.
 */
final class TopologyProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyProbe.class);

    /** A known server: its name and configuration. */
    record Known(String name, EndpointConfig config) {
    }

    private final DiscoveryConfig config;
    private final EndpointConfig seedSource;
    private final int timeoutMs;
    private final Supplier<List<Known>> known;
    private final Supplier<String> currentSource;
    private final Consumer<RoleDecision.Desired> apply;
    private final ScheduledExecutorService executor;
    /** Asks the servers of a round at the same time (threads come and go with the rounds). */
    private final ExecutorService askers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cqrs-topology-ask");
        t.setDaemon(true);
        return t;
    });
    /** Used by the probe thread; closed by {@link #close()} from another. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicBoolean soon = new AtomicBoolean();
    private volatile boolean closed;

    TopologyProbe(DiscoveryConfig config, EndpointConfig seedSource, int timeoutMs, Supplier<List<Known>> known,
                  Supplier<String> currentSource, Consumer<RoleDecision.Desired> apply) {
        this.config = config;
        this.seedSource = seedSource;
        this.timeoutMs = timeoutMs;
        this.known = known;
        this.currentSource = currentSource;
        this.apply = apply;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cqrs-topology-probe");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        executor.scheduleWithFixedDelay(this::roundQuietly, 0, config.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs a round as soon as the probe thread is free (at most one extra round queued). */
    void probeSoon() {
        if (!closed && soon.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    soon.set(false);
                    roundQuietly();
                });
            } catch (RuntimeException e) {
                soon.set(false); // shut down meanwhile
            }
        }
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("topology probe round failed: {}", e.toString(), e);
        }
    }

    /**
     * One round on the calling thread (the probe thread, or a test): every known server, then the
     * servers a writable one lists as its replicas that are not known yet (under {@code host:port}).
     */
    void round() {
        if (closed) {
            return;
        }
        List<Known> servers = known.get();
        long deadline = System.nanoTime() + config.interval().toNanos();
        List<Pending> asks = new ArrayList<>(servers.size());
        for (Known k : servers) {
            asks.add(ask(k));
        }
        List<ServerRole> observed = new ArrayList<>(servers.size());
        for (Pending p : asks) {
            observed.add(p.answer(deadline));
        }
        List<String> asked = new ArrayList<>(servers.stream().map(Known::name).toList());
        List<Pending> newcomers = new ArrayList<>();
        for (ServerRole w : List.copyOf(observed)) {
            if (!w.looksLikeSource()) {
                continue;
            }
            for (ServerRole.ReplicaHost h : w.replicaHosts()) {
                boolean known = observed.stream().anyMatch(o -> o.reachable() && o.serverId() == h.serverId());
                if (!known && !asked.contains(h.address())) {
                    asked.add(h.address());
                    newcomers.add(ask(new Known(h.address(), newEndpoint(h))));
                }
            }
        }
        long newcomersDeadline = System.nanoTime() + config.interval().toNanos();
        for (Pending p : newcomers) {
            observed.add(p.answer(newcomersDeadline));
        }
        sessions.entrySet().removeIf(e -> {
            boolean gone = !asked.contains(e.getKey());
            if (gone) {
                e.getValue().close();
            }
            return gone;
        });
        if (!closed) {
            apply.accept(RoleDecision.decide(observed, currentSource.get()));
        }
    }

    /** A server found in a replica list, named {@code host:port}, with the seed source's credentials and properties. */
    EndpointConfig newEndpoint(ServerRole.ReplicaHost h) {
        String url = urlFor(config.urlTemplate(), seedSource.jdbcUrl(), h.host(), h.port());
        EndpointConfig.Builder b = EndpointConfig.builder(h.address()).jdbcUrl(url)
                .username(seedSource.username()).password(seedSource.password());
        seedSource.hikariProperties().forEach(b::hikariProperty);
        return b.build();
    }

    /** The template with host and port filled in; without one, {@code sourceUrl} with its host and port replaced. */
    static String urlFor(String template, String sourceUrl, String host, int port) {
        if (template != null) {
            return template.replace(DiscoveryConfig.HOST, host).replace(DiscoveryConfig.PORT, Integer.toString(port));
        }
        int start = sourceUrl.indexOf("//");
        if (start < 0) {
            throw new IllegalArgumentException("cannot derive a URL for " + host + ":" + port + " from the source URL (no //host:port);"
                    + " set " + DiscoveryConfig.KEY_URL_TEMPLATE);
        }
        start += 2;
        int end = start;
        while (end < sourceUrl.length() && sourceUrl.charAt(end) != '/' && sourceUrl.charAt(end) != '?') {
            end++;
        }
        return sourceUrl.substring(0, start) + host + ":" + port + sourceUrl.substring(end);
    }

    /**
     * Asks {@code k} on the ask threads, so that one server that takes long to answer (a replica in
     * the middle of CHANGE MASTER blocks SHOW REPLICA STATUS) does not hold up the decision on the
     * others. A server still answering the previous round is not asked again.
     */
    private Pending ask(Known k) {
        Session s = sessions.computeIfAbsent(k.name(), n -> new Session(Monitoring.probeConnections(k.config(), timeoutMs)));
        Future<ServerRole> f = s.pending;
        if (f == null || f.isDone()) {
            try {
                f = askers.submit(() -> {
                    try {
                        return s.remember(s.ask(k));
                    } catch (SQLException | RuntimeException e) {
                        s.close();
                        return s.remember(ServerRole.unreachable(k.name(), k.config(), e.getMessage()));
                    }
                });
            } catch (RejectedExecutionException e) {
                f = java.util.concurrent.CompletableFuture.completedFuture(ServerRole.unreachable(k.name(), k.config(), "closed"));
            }
            s.pending = f;
        }
        return new Pending(k, s, f);
    }

    /** An answer on its way. */
    private record Pending(Known known, Session session, Future<ServerRole> answer) {

        /**
         * The answer if it comes by {@code deadline}; else the server's previous answer (it is busy,
         * most likely with a change of its own role), else "no answer".
         */
        ServerRole answer(long deadlineNanos) {
            try {
                return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                ServerRole last = session.last;
                return last != null ? last : ServerRole.unreachable(known.name(), known.config(), "no answer yet (busy)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ServerRole.unreachable(known.name(), known.config(), "interrupted");
            } catch (ExecutionException e) {
                return ServerRole.unreachable(known.name(), known.config(), String.valueOf(e.getCause()));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow(); // not awaited: a round's last step needs the topology manager's lock, held by its close()
        askers.shutdownNow();
        sessions.values().forEach(Session::close);
        sessions.clear();
    }

    /** One server's dedicated connection and dialect, opened on first use and after a failure. */
    private static final class Session {
        private final ConnectionSource open;
        private volatile Connection connection;
        private Dialect dialect;
        /** The ask under way or done last; read and written by the probe thread only. */
        Future<ServerRole> pending;
        /** The last answer that came. */
        volatile ServerRole last;

        ServerRole remember(ServerRole r) {
            last = r;
            return r;
        }

        Session(ConnectionSource open) {
            this.open = open;
        }

        ServerRole ask(Known k) throws SQLException {
            Connection c = connection;
            if (c == null || c.isClosed()) {
                c = open.open();
                dialect = Dialect.forVersion(ServerVersion.detect(c));
                connection = c;
            }
            try (Statement st = c.createStatement()) {
                long serverId = number(st, "SELECT @@server_id");
                boolean readOnly = number(st, dialect.selectReadOnlyFlag()) != 0;
                boolean replicating = false;
                String host = null;
                int port = -1;
                try (ResultSet rs = st.executeQuery(dialect.showReplicaStatus())) {
                    if (rs.next()) {
                        String io = ReplicationColumns.get(rs, ReplicationColumns.IO_RUNNING);
                        String sql = ReplicationColumns.get(rs, ReplicationColumns.SQL_RUNNING);
                        replicating = !"No".equalsIgnoreCase(io) || "Yes".equalsIgnoreCase(sql);
                        host = ReplicationColumns.get(rs, ReplicationColumns.SOURCE_HOST);
                        String p = ReplicationColumns.get(rs, ReplicationColumns.SOURCE_PORT);
                        port = p == null ? -1 : Integer.parseInt(p.trim());
                    }
                }
                List<ServerRole.ReplicaHost> hosts = new ArrayList<>();
                if (!readOnly && !replicating) {
                    try (ResultSet rs = st.executeQuery(dialect.showReplicaHosts())) {
                        while (rs.next()) {
                            String id = ReplicationColumns.get(rs, ReplicationColumns.HOST_SERVER_ID);
                            String h = ReplicationColumns.get(rs, ReplicationColumns.HOST_HOST);
                            String p = ReplicationColumns.get(rs, ReplicationColumns.HOST_PORT);
                            if (id != null && h != null && !h.isBlank() && p != null) {
                                hosts.add(new ServerRole.ReplicaHost(Long.parseLong(id.trim()), h.trim(), Integer.parseInt(p.trim())));
                            }
                        }
                    }
                }
                return new ServerRole(k.name(), k.config(), true, serverId, readOnly, replicating, host, port, List.copyOf(hosts), null);
            }
        }

        private static long number(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new SQLException(sql + " returned no row", "HY000");
                }
                return rs.getLong(1);
            }
        }

        void close() {
            Connection connection = this.connection;
            this.connection = null;
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // broken anyway
                }
            }
        }
    }
}
