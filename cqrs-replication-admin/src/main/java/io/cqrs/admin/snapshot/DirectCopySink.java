package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.dialect.Dialect;
import io.cqrs.admin.internal.TargetSessions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Copies a snapshot straight into another server (a replica being provisioned) with no file in
 * between. Every worker inserts over its own connection with {@code sql_log_bin=0} (no errant
 * GTIDs), checks off, READ COMMITTED (no gap locks between workers filling one table), one
 * auto-committed multi-row INSERT at a time; an INSERT that loses a deadlock or lock wait to
 * another worker is atomic and is simply run again (a few times). read_only is lifted for the copy
 * and put back on close. Refuses a target that is replicating.
 */
public final class DirectCopySink implements SnapshotSink {

    private static final int LOCK_RETRIES = 5;
    /**
     * No JDBC escape processing: the INSERTs are plain SQL, and Connector/J would otherwise scan
     * every (up to 1 MB) statement for {@code {fn ...}} escapes — 12 % of a copy worker's CPU in a
     * JFR profile.
     */
    private static final Map<String, String> WRITER_PROPS = Map.of("useCompression", "false", "enableEscapeProcessing", "false");

    private final ServerEndpoint target;
    private Dialect dialect;
    private Connection control;
    private AutoCloseable writable;

    public DirectCopySink(ServerEndpoint target) {
        this.target = target;
    }

    @Override
    public void begin(SnapshotHeader header) throws Exception {
        dialect = target.dialect();
        control = TargetSessions.open(target, dialect, Map.of());
        TargetSessions.requireNotReplicating(control, dialect, target, "direct copy into " + target);
        writable = TargetSessions.writable(control, dialect);
    }

    @Override
    public void database(String database, String createSql) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute(DumpFileSink.createIfNotExists(createSql));
        }
    }

    @Override
    public void table(TableSpec table, String createSql) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("USE " + SqlValues.identifier(table.database()));
            st.execute("DROP TABLE IF EXISTS " + SqlValues.identifier(table.name()));
            st.execute(createSql);
        }
    }

    @Override
    public RowWriter rowWriter() throws Exception {
        Connection c = TargetSessions.open(target, dialect, WRITER_PROPS);
        Statement st = c.createStatement();
        st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        return new RowWriter() {
            @Override
            public void insert(TableSpec table, String insertSql, int rows) throws Exception {
                for (int attempt = 1; ; attempt++) {
                    try {
                        st.execute(insertSql);
                        return;
                    } catch (SQLException e) {
                        if (attempt > LOCK_RETRIES || !lostToAnotherWorker(e)) {
                            throw e;
                        }
                        Thread.sleep(10L * attempt); // let the other worker's INSERT commit
                    }
                }
            }

            @Override
            public void close() throws Exception {
                try (c; st) {
                    // every INSERT is already committed
                }
            }
        };
    }

    /** Deadlock (1213) or lock wait timeout (1205): the INSERT was rolled back whole and may run again. */
    private static boolean lostToAnotherWorker(SQLException e) {
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
    }

    @Override
    public void schemaObjects(String database, List<SchemaObject> objects) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("USE " + SqlValues.identifier(database));
            for (SchemaObject o : objects) {
                st.execute(o.dropSql());
                if (o.sqlMode() != null) {
                    st.execute("SET SESSION sql_mode = " + Dialect.quote(o.sqlMode()));
                }
                st.execute(o.createSql());
            }
            st.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
        }
    }

    @Override
    public void finish(SnapshotResult result) {
    }

    @Override
    public void close() throws Exception {
        try (Connection c = control) {
            if (writable != null) {
                writable.close();
            }
        }
    }
}
