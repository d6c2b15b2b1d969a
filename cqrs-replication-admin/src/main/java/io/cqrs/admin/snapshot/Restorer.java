package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.identity.TargetGuard;
import io.cqrs.admin.internal.ProgressTracker;
import io.cqrs.admin.internal.TargetSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a dump (ours, mysqldump's or mariadb-dump's, plain or gzip) into a server, normally a
 * replica being rebuilt. The file is validated completely first ({@link DumpInspector}); only
 * then is the target touched. The load runs in one session with {@code sql_log_bin=0}, so the
 * target writes no binlog and gets no GTIDs of its own; the dump's GTID statement is not run but
 * returned ({@link RestoreResult#gtidPosition()}) for {@code start-replication}, which checks it
 * before it sets anything. The target must not be replicating, and no replica may follow it
 * ({@link TargetGuard#checkTarget}: loading without binary logging would leave them diverged).
 *
 * <p>A dump whose table statements name no database and come before any {@code USE} (what
 * mysqldump/mariadb-dump write for one database without {@code --databases}) is rejected at
 * validation unless {@link RestoreOptions#database()} names the database to load it into (created
 * if missing). Progress: phase "validate" (bytes of the file), then "restore" (rows of the dump's
 * INSERTs, bytes, statements).
 */
public final class Restorer {

    private static final Logger log = LoggerFactory.getLogger(Restorer.class);
    /** What a statement's packet holds besides its text (the command byte), and a little slack. */
    private static final long PACKET_OVERHEAD = 64;

    private Restorer() {
    }

    /**
     * The target takes the dump's largest statement: one larger than its {@code max_allowed_packet} would fail
     * in the middle of the load, with the statements before it loaded. Refused before anything runs.
     */
    private static void requirePacketFor(Connection c, DumpInfo info, Path file, ServerEndpoint target) throws SQLException {
        long max;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.max_allowed_packet")) {
            max = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        }
        long needed = info.largestStatement() + PACKET_OVERHEAD;
        if (needed > max) {
            long raise = (needed + (1 << 20) - 1) / (1 << 20) * (1 << 20); // whole MiB
            throw new AdminException("restore of " + file + " into " + target + " refused before loading anything: the statement of line "
                    + info.largestStatementLine() + " is " + info.largestStatement() + " bytes, more than the target's max_allowed_packet ("
                    + max + "). Raise it on the target (SET GLOBAL max_allowed_packet = " + raise + "; new sessions take it, and put it in"
                    + " the server's configuration) and restore again");
        }
    }

    public static RestoreResult restore(ServerEndpoint target, Path file, RestoreOptions options) {
        TargetGuard.checkTarget(target, "restore of " + file, options.safety());
        DumpInfo info = DumpInspector.inspect(file, options);
        log.info("restoring {} ({}, {} statements, {} bytes, GTID position {}) into {}", file, info.format(), info.statements(),
                info.bytes(), info.gtidPosition().orElse("none"), target);
        ProgressTracker progress = new ProgressTracker("restore", options.progress());
        progress.totals(Math.max(info.rows(), 0), info.bytes(), 0);
        List<String> skipped = new ArrayList<>();
        long executed = 0;
        boolean loaded = false; // a statement other than a session setting has run
        SqlSplitter.Piece current = null;
        Dialect dialect;
        try {
            dialect = target.dialect();
        } catch (SQLException e) {
            throw new AdminException("restore of " + file + " into " + target + " failed before loading anything: " + e.getMessage(), e);
        }
        try (Connection c = TargetSessions.open(target, dialect, Map.of())) {
            TargetSessions.requireNotReplicating(c, dialect, target, "restore of " + file);
            requirePacketFor(c, info, file, target);
            try (AutoCloseable writable = TargetSessions.writable(c, dialect); Statement st = c.createStatement();
                 DumpReader r = new DumpReader(file)) {
                if (options.database() != null) {
                    st.execute("CREATE DATABASE IF NOT EXISTS " + SqlValues.identifier(options.database()));
                    st.execute("USE " + SqlValues.identifier(options.database()));
                }
                st.setEscapeProcessing(false); // dump statements are plain SQL: no JDBC {escape} scanning
                SqlSplitter splitter = new SqlSplitter(true);
                String line;
                long lastBytes = 0;
                while ((line = r.next()) != null) {
                    for (SqlSplitter.Piece p : splitter.feed(line, r.lineNumber())) {
                        if (!p.statement()) {
                            continue;
                        }
                        current = p;
                        String why = DumpStatements.skipReason(p.text());
                        if (why != null) {
                            skipped.add("line " + p.line() + ": " + DumpReader.excerpt(p.text(), 80) + " — " + why);
                            continue;
                        }
                        st.execute(DumpReader.utf8(p.text()));
                        loaded |= !DumpStatements.setsVariables(p.text());
                        executed++;
                        progress.add(p.rows(), r.bytes() - lastBytes, 1);
                        lastBytes = r.bytes();
                    }
                }
                progress.add(0, r.bytes() - lastBytes, 0);
            }
            progress.finish();
            return new RestoreResult(info, executed, skipped, progress.elapsed());
        } catch (AdminException e) {
            throw e;
        } catch (Exception e) {
            String where = current == null ? "before the first statement"
                    : "at the statement of line " + current.line() + " (" + DumpReader.excerpt(current.text(), 100) + ")";
            String state = loaded ? "The target is partly loaded: drop the restored databases (or reset the replica) and restore again"
                    : "Nothing of the dump was loaded before it (only session settings had run"
                    + (options.database() == null ? "" : "; database " + SqlValues.identifier(options.database()) + " was created if it was missing")
                    + "): fix the cause and restore again";
            throw new AdminException("restore of " + file + " into " + target + " failed " + where + " after " + executed
                    + " statements: " + e.getMessage() + ". " + state, e);
        }
    }
}
