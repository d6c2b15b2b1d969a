package io.cqrs.common.dialect;

import io.cqrs.common.ServerFlavor;
import io.cqrs.common.ServerVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Every SQL string that differs between MySQL versions and MariaDB. Pick one with
 * {@link #forVersion(ServerVersion)}; callers never branch on the server themselves.
 */
public interface Dialect {

    /** The dialect of a server version (MySQL or MariaDB, syntax chosen by version). */
    static Dialect forVersion(ServerVersion version) {
        return version.flavor() == ServerFlavor.MARIADB ? new MariaDbDialect(version) : new MySqlDialect(version);
    }

    /** The server version this dialect writes SQL for. */
    ServerVersion version();

    /** {@code CHANGE MASTER TO ...} / {@code CHANGE REPLICATION SOURCE TO ...} with GTID auto-positioning. */
    String changeSource(ReplicationSource source);

    /** Starts both replication threads ({@code START REPLICA} / {@code START SLAVE}). */
    String startReplica();

    /** Stops both replication threads. */
    String stopReplica();

    /** Starts the applier (SQL) thread only. */
    String startSqlThread();

    /** Stops the applier (SQL) thread only. */
    String stopSqlThread();

    /** Starts the receiver (IO) thread only. */
    String startIoThread();

    /** Stops the receiver (IO) thread only. */
    String stopIoThread();

    /** Forgets the replication configuration and relay logs ({@code RESET REPLICA ALL}). */
    String resetReplicaAll();

    /** Clears this server's binary logs and GTID history ({@code RESET MASTER} / {@code RESET BINARY LOGS AND GTIDS}). */
    String resetBinaryLogsAndGtids();

    /** {@code SHOW REPLICA STATUS} / {@code SHOW SLAVE STATUS}, whichever the version knows. */
    String showReplicaStatus();

    /**
     * The replicas registered with this server as their source ({@code SHOW SLAVE HOSTS} /
     * {@code SHOW REPLICAS}); columns {@code Server_id}, {@code Host}, {@code Port}.
     */
    String showReplicaHosts();

    /**
     * Query returning this server's {@code server_uuid}, or {@code null} when the server has none
     * (MariaDB: its identity is server_id, host name, port and data directory).
     */
    String selectServerUuid();

    /**
     * Forgets this server's own GTID history: binary logs and executed/purged sets (MySQL), plus
     * gtid_slave_pos (MariaDB, which keeps it apart from the binlog).
     */
    java.util.List<String> resetGtidHistory();

    /** The binlog position statement ({@code SHOW MASTER STATUS} / {@code SHOW BINARY LOG STATUS}). */
    String showBinaryLogStatus();

    /** Query returning one string: the GTIDs this server has applied/written. */
    String selectExecutedGtids();

    /**
     * Query returning one string: the GTIDs this server no longer has in its binary logs, or
     * {@code null} when the server has no such variable (MariaDB: read from the first binlog's
     * Gtid_list event instead).
     */
    String selectPurgedGtids();

    /**
     * Query returning one string: the GTID position a consistent snapshot taken now corresponds
     * to, read while FLUSH TABLES WITH READ LOCK is held (MySQL gtid_executed, MariaDB
     * gtid_binlog_pos).
     */
    String selectSnapshotPosition();

    /** Sets the replica's starting GTID position (gtid_purged / gtid_slave_pos). */
    String setGtidStartPosition(String gtids);

    /**
     * A query with two parameters (gtid set, timeout seconds) that blocks until the set is
     * applied. Interpret its result with {@link #waitSucceeded(long)}.
     */
    String waitForGtidsQuery();

    /** Whether the result of {@link #waitForGtidsQuery()} means the GTIDs were applied in time. */
    boolean waitSucceeded(long result);

    /**
     * The timeout {@link #waitForGtidsQuery()} is given for {@code timeout}: whole seconds, rounded up,
     * at least 1 (MySQL 8.0.15 drops a fraction, and 0 would not wait at all).
     */
    default long waitSeconds(Duration timeout) {
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /**
     * Blocks on {@code replica} until it has applied {@code gtids} or {@code timeout} (see
     * {@link #waitSeconds}) has passed; true when it has applied them. The one GTID wait of the admin
     * tools and the sandbox ({@link #waitForGtidsQuery()} and {@link #waitSucceeded} in one call).
     */
    default boolean awaitGtids(Connection replica, String gtids, Duration timeout) throws SQLException {
        try (PreparedStatement ps = replica.prepareStatement(waitForGtidsQuery())) {
            ps.setString(1, gtids);
            ps.setLong(2, waitSeconds(timeout));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long result = rs.getLong(1);
                return !rs.wasNull() && waitSucceeded(result);
            }
        }
    }

    /** The strongest read-only switch of the server (super_read_only / read_only). */
    String readOnlyVariable();

    /**
     * Query returning one number: 1 when the server refuses ordinary writes ({@code read_only};
     * MySQL's {@code super_read_only} switches it on too), 0 when it takes them.
     */
    default String selectReadOnlyFlag() {
        return "SELECT @@GLOBAL.read_only";
    }

    /** Switches the server's read-only mode on or off, globally. */
    String setReadOnly(boolean on);

    /** Creates the replication account with its password. */
    String createReplicationUser(String user, String host, String password);

    /** Changes the replication account's password. */
    String alterReplicationUserPassword(String user, String host, String password);

    /** Grants the replication account what a replica needs to read the binlog. */
    String grantReplication(String user, String host);

    /** Drops an account if it exists. */
    String dropUserIfExists(String user, String host);

    /**
     * What a former source runs before it replicates from its successor with GTID positioning:
     * nothing on MySQL (auto-positioning starts from gtid_executed); on MariaDB, its replica
     * position becomes what it wrote itself ({@code gtid_slave_pos = gtid_binlog_pos}).
     */
    java.util.List<String> prepareFormerSourceAsReplica();

    /** The variable that makes a replica write what it applies to its own binlog. */
    String logReplicaUpdatesVariable();

    /** The statement that keeps this session's writes out of the binary log. */
    default String disableSessionBinlog() {
        return "SET SESSION sql_log_bin = 0";
    }

    /** The statement that writes this session's changes to the binary log again. */
    default String enableSessionBinlog() {
        return "SET SESSION sql_log_bin = 1";
    }

    /** Pauses the applier so that {@link #startApplierUntil(String)} can run it up to a point (MariaDB: both threads). */
    String stopApplierForUntil();

    /** Runs the applier until exactly these GTIDs are applied, then stops it (verify's common point). */
    String startApplierUntil(String gtids);

    /** Clears an UNTIL condition and lets the replica run on. */
    java.util.List<String> resumeApplier();

    /** The GTID line a dump carries so that restore can set the start position. */
    String dumpGtidStatement(String gtids);

    /**
     * The statement that makes this session's {@code information_schema.TABLES} report current
     * row estimates (progress totals of a snapshot), or null when the server has nothing to set.
     * MySQL 8.0 serves them from a cache refreshed every {@code information_schema_stats_expiry}
     * seconds (a day by default), so a table filled since it was first looked at shows its old
     * size; MariaDB asks the storage engine each time.
     */
    String freshTableStatistics();

    /**
     * The session setting that lets INSERT and LOAD DATA write the row-version columns of a
     * system-versioned table, i.e. copy its history ({@code system_versioning_insert_history},
     * MariaDB 10.11+); null where the server has none (MySQL, older MariaDB).
     */
    String historyInsert();

    /**
     * What a session that bulk-loads freshly created tables ({@code LOAD DATA}, with unique and foreign key checks
     * switched off) runs besides, or null where nothing is needed (MySQL). MariaDB: unique checks back on. With both
     * checks off, MariaDB 10.6+ loads a statement's rows into an empty table by its "bulk insert" — it buffers them,
     * sorts them per index and builds the indexes at commit — which for a table loaded in one or a few batches costs
     * more than it saves: 300 tables of 2,000 rows copied in 5.64 / 5.24 s with unique checks on against 6.65 / 6.39 s
     * off, the target spending 6.0–7.2 CPU-s against 8.9–9.0; one table of a million rows (only its first batch went
     * into an empty table) 5.72 / 7.46 against 6.91 / 7.45 s (benchmarks/RESULTS.md §3). Rows copied from a source are
     * unique already: the check costs a lookup only where a unique key is built while loading.
     */
    String bulkLoadSessionSetting();

    /**
     * Replaces passwords in a statement with {@code '****'} for logs, dry runs and messages: the
     * forms this library writes ({@code MASTER_PASSWORD}, {@code SOURCE_PASSWORD}, {@code IDENTIFIED BY})
     * and the other ways MySQL and MariaDB take a secret ({@code IDENTIFIED WITH plugin BY},
     * {@code IDENTIFIED VIA plugin USING PASSWORD(..)}, {@code SET PASSWORD}, double-quoted literals).
     */
    static String mask(String sql) {
        if (sql == null) {
            return null;
        }
        return Masking.PASSWORD.matcher(sql).replaceAll("$1'****'");
    }

    /**
     * Quotes a string literal for SQL (single quotes, backslash and quote escaped). Assumes the
     * server's default sql_mode: under {@code NO_BACKSLASH_ESCAPES} a backslash would be doubled.
     */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** Quotes an identifier with backticks. */
    static String quoteIdentifier(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    /**
     * The statement parts that are followed by a secret: {@code MASTER_PASSWORD=}, {@code SOURCE_PASSWORD=},
     * {@code IDENTIFIED [WITH|VIA plugin] BY|AS|USING [PASSWORD(]}, {@code SET PASSWORD [FOR user] =} and
     * {@code PASSWORD(}; the secret is a single- or double-quoted literal with backslash or doubled-quote escapes.
     */
    final class Masking {
        private static final String LITERAL = "'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\"";
        static final Pattern PASSWORD = Pattern.compile("(?i)("
                + "\\b(?:MASTER|SOURCE)_PASSWORD\\s*=\\s*"
                + "|\\bIDENTIFIED\\s+(?:(?:WITH|VIA)\\s+\\S+\\s+)?(?:BY|AS|USING)\\s+(?:PASSWORD\\s*\\(?\\s*)?"
                + "|\\bSET\\s+PASSWORD\\b[^=;]*=\\s*(?:PASSWORD\\s*\\(\\s*)?"
                + "|\\bPASSWORD\\s*\\(\\s*"
                + ")(?:" + LITERAL + ")");

        private Masking() {
        }
    }
}
