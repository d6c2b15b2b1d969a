package io.cqrs.bench.chaos;

import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingScope;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The mixed workload, through the router's public API only: writers insert a row (auto-commit) and
 * read it back at once with the write's {@link ConsistencyToken} ({@link RoutingScope#readYourWrites});
 * plain readers run read-only transactions without a token. Every read asks {@code @@server_id} in
 * the same statement, so the server that answered is certain and costs nothing extra. Threads pace
 * themselves (a short park between operations) so the 2-core machine keeps room for the servers.
 */
final class Workload implements AutoCloseable {

    static final String SCHEMA = "chaos";
    static final String TABLE = SCHEMA + ".t";

    private final RoutingDataSource ds;
    private final Timeline timeline;
    private final AckedWrites acked;
    private final RouteTracker routes = new RouteTracker();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Workload(RoutingDataSource ds, Timeline timeline, AckedWrites acked) {
        this.ds = ds;
        this.timeline = timeline;
        this.acked = acked;
        ds.addListener(routes);
    }

    static void createSchema(Connection source) throws SQLException {
        try (Statement s = source.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id BIGINT PRIMARY KEY AUTO_INCREMENT, writer INT NOT NULL, created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))");
        }
    }

    void start(int writers, int readers, long writerPauseMs, long readerPauseMs) {
        for (int i = 0; i < writers; i++) {
            int w = i;
            threads.add(daemon("chaos-writer-" + i, () -> loop(writerPauseMs, () -> writeAndReadBack(w))));
        }
        for (int i = 0; i < readers; i++) {
            threads.add(daemon("chaos-reader-" + i, () -> loop(readerPauseMs, this::plainRead)));
        }
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void loop(long pauseMs, Runnable op) {
        while (running) {
            op.run();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMs));
        }
    }

    private void writeAndReadBack(int writer) {
        double start = timeline.now();
        long id;
        ConsistencyToken token;
        try (RoutingScope session = RoutingScope.session()) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (writer) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setInt(1, writer);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            double end = timeline.now();
            token = ds.currentToken().orElse(null);
            acked.add(id, end);
            timeline.write(new Timeline.Write(start, end, id, token == null ? null : token.serialize(), true, null));
        } catch (SQLException | RuntimeException e) {
            timeline.write(new Timeline.Write(start, timeline.now(), -1, null, false, describe(e)));
            return;
        }
        if (token == null) {
            return; // no token captured: the invariant checker counts acknowledged writes without one
        }
        double readStart = timeline.now();
        routes.clear();
        try (RoutingScope ryw = RoutingScope.readYourWrites(token);
             Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT @@server_id, (SELECT COUNT(*) FROM " + TABLE + " WHERE id = ?)")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    // value: the id when the read saw it, else -id (a read-your-writes miss)
                    timeline.read(new Timeline.Read(readStart, timeline.now(), true, rs.getInt(1), rs.getLong(2) == 1 ? id : -id, true, null));
                }
            }
        } catch (SQLException | RuntimeException e) {
            timeline.read(new Timeline.Read(readStart, timeline.now(), true, -1, id, false, routes.routes() + ": " + describe(e)));
        }
    }

    private void plainRead() {
        double start = timeline.now();
        routes.clear();
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@server_id, (SELECT COALESCE(MAX(id), 0) FROM " + TABLE + ")")) {
                rs.next();
                timeline.read(new Timeline.Read(start, timeline.now(), false, rs.getInt(1), rs.getLong(2), true, null));
            }
        } catch (SQLException | RuntimeException e) {
            timeline.read(new Timeline.Read(start, timeline.now(), false, -1, 0, false, routes.routes() + ": " + describe(e)));
        }
    }

    static String describe(Exception e) {
        String state = e instanceof SQLException se && se.getSQLState() != null ? " [" + se.getSQLState() + "]" : "";
        String msg = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName() + state + ": " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        ds.removeListener(routes);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
