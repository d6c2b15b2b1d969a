package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.dialect.Dialect;
import io.cqrs.admin.internal.TargetSessions;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Copies a snapshot straight into another server (a replica being provisioned) with no file in
 * between. Every worker inserts over its own connection with {@code sql_log_bin=0} (no errant
 * GTIDs), checks off and {@code rewriteBatchedStatements=true}; read_only is lifted for the copy
 * and put back on close. Refuses a target that is replicating.
 */
public final class DirectCopySink implements SnapshotSink {

    private static final int STATEMENTS_PER_BATCH = 4;
    private static final Map<String, String> WRITER_PROPS = Map.of("rewriteBatchedStatements", "true", "useCompression", "false");

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
        return new RowWriter() {
            int pending;

            @Override
            public void insert(TableSpec table, String insertSql, int rows) throws Exception {
                st.addBatch(insertSql);
                if (++pending >= STATEMENTS_PER_BATCH) {
                    st.executeBatch();
                    pending = 0;
                }
            }

            @Override
            public void close() throws Exception {
                try (c; st) {
                    if (pending > 0) {
                        st.executeBatch();
                    }
                }
            }
        };
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
