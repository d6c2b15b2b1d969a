package io.cqrs.routing.lag;

import io.cqrs.common.dialect.GtidSql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The last resort: {@code Seconds_Behind_Source} / {@code Seconds_Behind_Master} from
 * {@code SHOW REPLICA STATUS}, falling back to {@code SHOW SLAVE STATUS} once the server
 * answers the former with syntax error 1064 (MySQL before 8.0.22). Whole seconds only, and
 * 0 while the IO thread silently waits for a dead source — prefer the heartbeat probe.
 *
 * <p>An IO or SQL thread that is not running ("No", "Connecting"), a NULL lag, or a server
 * that is not a replica all report {@link LagSample#stopped()}.
 */
public final class StatusLagProbe implements LagProbe {

    private static final int ER_PARSE_ERROR = 1064;

    private volatile boolean legacySyntax;

    @Override
    public LagSample probe(Connection replica) throws SQLException {
        try (Statement st = replica.createStatement(); ResultSet rs = showStatus(st)) {
            if (!rs.next()) {
                return LagSample.stopped();
            }
            Map<String, String> row = row(rs);
            String io = first(row, "replica_io_running", "slave_io_running");
            String sql = first(row, "replica_sql_running", "slave_sql_running");
            String seconds = first(row, "seconds_behind_source", "seconds_behind_master");
            if (!"Yes".equalsIgnoreCase(io) || !"Yes".equalsIgnoreCase(sql) || seconds == null) {
                return LagSample.stopped();
            }
            try {
                return LagSample.of(Duration.ofSeconds(Long.parseLong(seconds.strip())));
            } catch (NumberFormatException e) {
                throw new SQLException("Seconds_Behind_Source is '" + seconds + "', not a number", "22018", e);
            }
        }
    }

    private ResultSet showStatus(Statement st) throws SQLException {
        if (!legacySyntax) {
            try {
                return st.executeQuery(GtidSql.replicaStatusStatements().get(0));
            } catch (SQLException e) {
                if (e.getErrorCode() != ER_PARSE_ERROR) {
                    throw e;
                }
                legacySyntax = true;
            }
        }
        return st.executeQuery(GtidSql.replicaStatusStatements().get(1));
    }

    private static Map<String, String> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
        }
        return row;
    }

    private static String first(Map<String, String> row, String a, String b) {
        return row.containsKey(a) ? row.get(a) : row.get(b);
    }

    @Override
    public String name() {
        return "status";
    }
}
