package io.cqrs.routing.lag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes the source's heartbeat row every interval, the way {@code pt-heartbeat --update --utc}
 * does ({@code ts} as ISO-8601 UTC with microseconds, keyed by {@code @@server_id}); the
 * file/position columns stay NULL. Off unless the application starts it. Keeps one
 * connection, reopened after a failure; logs only when writing starts failing and when it
 * recovers.
 */
public final class HeartbeatWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatWriter.class);
    private static final String NOW = "DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f')";

    private final ConnectionSource source;
    private final String sql;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private Connection connection;
    private ScheduledFuture<?> task;
    private boolean failing;

    /**
     * @param executor null to own a single daemon thread
     */
    public HeartbeatWriter(ConnectionSource source, String table, Duration interval, ScheduledExecutorService executor) {
        HeartbeatLagProbe.checkTable(table);
        if (interval == null || interval.toMillis() < 1) {
            throw new IllegalArgumentException("the heartbeat writer's interval must be at least 1ms, was " + interval);
        }
        this.source = source;
        this.interval = interval;
        this.sql = "INSERT INTO " + table + " (ts, server_id) VALUES (" + NOW + ", @@server_id)"
                + " ON DUPLICATE KEY UPDATE ts = " + NOW;
        this.ownsExecutor = executor == null;
        this.executor = executor != null ? executor : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cqrs-heartbeat-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** pt-heartbeat's table. */
    public static String createTableSql(String table) {
        HeartbeatLagProbe.checkTable(table);
        return "CREATE TABLE IF NOT EXISTS " + table + " (ts varchar(26) NOT NULL, server_id int unsigned NOT NULL PRIMARY KEY,"
                + " file varchar(255) DEFAULT NULL, position bigint unsigned DEFAULT NULL,"
                + " relay_master_log_file varchar(255) DEFAULT NULL, exec_master_log_pos bigint unsigned DEFAULT NULL)";
    }

    /** Starts writing the heartbeat row every interval (idempotent). */
    public synchronized void start() {
        if (task == null) {
            task = executor.scheduleWithFixedDelay(this::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** One heartbeat now. */
    public synchronized void writeOnce() throws SQLException {
        try {
            if (connection == null || connection.isClosed()) {
                connection = source.open();
                connection.setAutoCommit(true);
            }
            try (Statement st = connection.createStatement()) {
                st.executeUpdate(sql);
            }
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private void tick() {
        try {
            writeOnce();
            if (failing) {
                failing = false;
                log.info("Heartbeat writes succeed again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Heartbeat write failed; replicas will show growing lag until it succeeds: {}", e.toString());
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        closeConnection();
    }
}
