package io.cqrs.routing.lag;

import io.cqrs.routing.LagConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * Lag from a pt-heartbeat compatible table: the replica's own UTC clock
 * ({@code UTC_TIMESTAMP(6)}, read in the same query, so the client's clock never matters)
 * minus the {@code ts} the source wrote into its row, at microsecond resolution.
 *
 * <p>The table is pt-heartbeat's ({@link HeartbeatWriter#createTableSql(String)}); rows are
 * written by {@link HeartbeatWriter} or by {@code pt-heartbeat --update --utc} (without
 * {@code --utc} pt-heartbeat writes local time and the lag is off by the zone offset). The
 * measured lag includes the time since the last heartbeat, so keep the write interval well
 * below the lag budget.
 */
public final class HeartbeatLagProbe implements LagProbe {

    private final String sql;
    private final long sourceServerId;
    private final String table;

    /**
     * @param table          {@code heartbeat} or {@code db.heartbeat}
     * @param sourceServerId the source's {@code @@server_id} (pt-heartbeat's {@code --master-server-id})
     */
    public HeartbeatLagProbe(String table, long sourceServerId) {
        this.table = checkTable(table);
        this.sourceServerId = sourceServerId;
        this.sql = "SELECT ts, DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f') FROM " + table + " WHERE server_id = ?";
    }

    static String checkTable(String table) {
        return LagConfig.checkHeartbeatTable(table);
    }

    @Override
    public LagSample probe(Connection replica) throws SQLException {
        try (PreparedStatement ps = replica.prepareStatement(sql)) {
            ps.setLong(1, sourceServerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("No heartbeat row for source server_id " + sourceServerId + " in " + table
                            + " (is the HeartbeatWriter or pt-heartbeat --update running on the source?)", "02000");
                }
                LocalDateTime ts = parse(rs.getString(1), "ts");
                LocalDateTime now = parse(rs.getString(2), "UTC_TIMESTAMP(6)");
                return LagSample.of(Duration.between(ts, now));
            }
        }
    }

    static LocalDateTime parse(String value, String what) throws SQLException {
        if (value == null) {
            throw new SQLException("Heartbeat " + what + " is NULL", "22004");
        }
        try {
            return LocalDateTime.parse(value.strip().replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new SQLException("Heartbeat " + what + " '" + value + "' is not ISO-8601 like 2026-01-01T12:00:00.123456", "22007", e);
        }
    }

    @Override
    public String name() {
        return "heartbeat";
    }
}
