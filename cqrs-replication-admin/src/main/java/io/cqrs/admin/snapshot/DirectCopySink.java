package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.ServerFlavor;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.internal.Sessions;
import io.cqrs.admin.internal.TargetSessions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a snapshot straight into another server (a replica being provisioned) with no file in
 * between. Every worker inserts over its own connection with {@code sql_log_bin=0} (no errant
 * GTIDs), checks off, READ COMMITTED (no gap locks between workers filling one table), one
 * auto-committed multi-row INSERT at a time; an INSERT that loses a deadlock or lock wait to
 * another worker is atomic and is simply run again (a few times). read_only is lifted for the copy
 * and put back on close; a low {@code innodb_io_capacity} is raised likewise ({@link TargetSessions#COPY_IO_CAPACITY}). Refuses a target
 * that is replicating.
 *
 * <p>Bulk load (the default): tables whose every column type round-trips exactly
 * ({@link ValueKind#loadable}) are loaded with {@code LOAD DATA LOCAL INFILE} from an in-memory
 * stream of tab-separated rows built from the source's bytes ({@link TsvEncoder}): no SQL text
 * of the values is built on the client or parsed on the target. {@code local_infile} is switched
 * on for the copy where it is off (MySQL 8.0's default) and put back on close; the writer
 * connections allow local infile (the target is the server being provisioned, which the operator
 * controls: a server may ask such a connection for a client file). Every load must report exactly
 * the rows sent and no warning (with LOCAL, the server turns data errors into warnings), else the
 * copy fails. The loads run on their own sessions ({@link LoadPipeline}, {@link #DEFAULT_LOADERS}
 * of them): the readers hand each batch over and go on reading, and every loader takes the next
 * batch of any table, so even one large table is loaded by several sessions at once and the
 * target never waits for the source; the first failed load fails the whole copy, naming the table.
 * Other tables, or every table when the target refuses local infile, get INSERTs.
 * A bulk copy also creates each large table without its plain secondary keys and foreign keys and adds
 * them as soon as the table's rows are in, while other tables are still copying ({@link DeferredKeys}):
 * one sorted index build instead of a random B-tree insert per row (a small table is created whole,
 * {@link KeyBuilds#worthDeferring}). A large table whose loads the
 * target must run one at a time (an AUTO_INCREMENT column under {@code innodb_autoinc_lock_mode} 1)
 * gets them online while its last third loads ({@link KeyBuilds}). The tables themselves are created in the
 * background, two at a time (a database with foreign keys between its tables one after another), while the first
 * rows are read and loaded; each table's loads wait for its creation
 * ({@link TableCreations}).
 */
public final class DirectCopySink implements SnapshotSink {

    private static final Logger log = LoggerFactory.getLogger(DirectCopySink.class);

    private static final int LOCK_RETRIES = 5;
    /**
     * No JDBC escape processing: the INSERTs are plain SQL, and Connector/J would otherwise scan
     * every (up to 1 MB) statement for {@code {fn ...}} escapes — 12 % of a copy worker's CPU in a
     * JFR profile.
     */
    private static final Map<String, String> WRITER_PROPS = Map.of("useCompression", "false", "enableEscapeProcessing", "false");

    /** Loading sessions of a bulk copy. */
    public static final int DEFAULT_LOADERS = 4;

    /**
     * The socket send buffer of each loading session (Connector/J {@code tcpSndBuf}; the kernel caps it at
     * {@code net.core.wmem_max}): large enough for a whole batch, so the server reads a {@code LOAD DATA LOCAL}'s input
     * without waiting for the loading thread to be scheduled again — on MariaDB while the load holds the table's
     * AUTO-INC lock. Side by side on 1M rows: MariaDB 0.84–0.94×, MySQL 0.91× the time, the target spending 7–16 % less
     * CPU (benchmarks/RESULTS.md §3).
     */
    static final int LOADER_SEND_BUFFER = 8 << 20;

    /**
     * What the loading sessions of a MariaDB target run after {@link TargetSessions#open}: they check unique keys. With unique and foreign key
     * checks both off, MariaDB 10.6+ loads a statement's rows into an empty table by its "bulk insert": it buffers them,
     * sorts them per index and builds the indexes at commit. For a table the copy loads in one or a few batches that
     * costs more than it saves: 300 tables of 2,000 rows copied in 5.64 / 5.24 s with unique checks on against 6.65 /
     * 6.39 s off, the target spending 6.0–7.2 CPU-s against 8.9–9.0; one table of a million rows (its keys deferred, only
     * its first batch went into an empty table) 5.72 / 7.46 against 6.91 / 7.45 s (benchmarks/RESULTS.md §3). The
     * source's rows are unique already: the check only costs a lookup where a unique key is not deferred.
     */
    static final String MARIADB_LOADER_SETTINGS = "SET SESSION UNIQUE_CHECKS = 1";

    private final ServerEndpoint target;
    private final int loaders;
    private final long deferKeysMinRows;
    private boolean bulkLoad;
    /** The bulk loads, on their own sessions; null when copying with INSERTs. */
    private LoadPipeline pipeline;
    private Dialect dialect;
    /** The largest INSERT the target takes ({@code max_allowed_packet}, less a little). */
    private long maxInsertBytes;
    private Connection control;
    private AutoCloseable writable;
    private AutoCloseable localInfile;
    private AutoCloseable ioCapacity;
    /** The target's {@code innodb_autoinc_lock_mode} is below 2: a LOAD DATA into a table with an AUTO_INCREMENT column holds its AUTO-INC lock. */
    private boolean autoIncLoadsSerialize;
    /** The keys a bulk copy created its tables without, built back as the tables' rows come in. */
    private KeyBuilds keys;
    /** The tables, created in the background while the rows are read. */
    private TableCreations tables;
    /** Per database, the names (in lower case) of the base tables it had before the copy. */
    private final Map<String, Set<String>> existing = new ConcurrentHashMap<>();

    /** A copy into {@code target} that bulk-loads every table it can (see the class comment). */
    public DirectCopySink(ServerEndpoint target) {
        this(target, true);
    }

    /** {@code bulkLoad = false}: multi-row INSERTs for every table, local infile never touched. */
    public DirectCopySink(ServerEndpoint target, boolean bulkLoad) {
        this(target, bulkLoad, DEFAULT_LOADERS);
    }

    /**
     * {@code loaders}: sessions of the target that run the bulk loads (1-64), fed by every reader
     * through one queue, several at a time into one table when it is the only one left; 0 loads
     * each batch in the thread that read it, over that thread's own session (the copy before
     * issue #18, kept for comparison).
     */
    public DirectCopySink(ServerEndpoint target, boolean bulkLoad, int loaders) {
        this(target, bulkLoad, loaders, KeyBuilds.DEFER_MIN_ROWS);
    }

    /** {@code deferKeysMinRows}: the row estimate from which a table's keys are deferred (tests lower it; {@link KeyBuilds}). */
    DirectCopySink(ServerEndpoint target, boolean bulkLoad, int loaders, long deferKeysMinRows) {
        if (loaders < 0 || loaders > 64) {
            throw new IllegalArgumentException("loaders = " + loaders + " is out of range; use 0-64 (default " + DEFAULT_LOADERS + ")");
        }
        this.target = target;
        this.bulkLoad = bulkLoad;
        this.loaders = loaders;
        this.deferKeysMinRows = deferKeysMinRows;
    }

    @Override
    public void begin(SnapshotHeader header) throws Exception {
        dialect = target.dialect();
        control = TargetSessions.open(target, dialect, Map.of());
        TargetSessions.requireNotReplicating(control, dialect, target, "direct copy into " + target);
        writable = TargetSessions.writable(control, dialect);
        try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.max_allowed_packet")) {
            maxInsertBytes = rs.next() ? rs.getLong(1) - 1024 : 0; // the statement's packet header and slack
        }
        ioCapacity = TargetSessions.ioCapacityForCopy(control, target);
        if (bulkLoad) {
            localInfile = enableLocalInfile();
        }
        if (bulkLoad) { // still: enableLocalInfile turns bulk loading off when the target refuses local infile
            try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.innodb_autoinc_lock_mode")) {
                autoIncLoadsSerialize = rs.next() && rs.getInt(1) < 2;
            } catch (SQLException e) {
                log.debug("{}: innodb_autoinc_lock_mode not readable ({}); keys are built after each table's last load", target, e.getMessage());
            }
        }
        if (bulkLoad && loaders > 0) {
            Map<String, String> props = new LinkedHashMap<>(WRITER_PROPS);
            props.put("allowLoadLocalInfile", "true");
            props.put("tcpSndBuf", Integer.toString(LOADER_SEND_BUFFER));
            List<Connection> sessions = Sessions.openAll(loaders, "loading sessions of " + target, () -> {
                Connection c = TargetSessions.open(target, dialect, props);
                try (Statement st = c.createStatement()) {
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                    if (dialect.version().flavor() == ServerFlavor.MARIADB) {
                        st.execute(MARIADB_LOADER_SETTINGS);
                    }
                } catch (SQLException e) {
                    c.close();
                    throw e;
                }
                return c;
            });
            try {
                pipeline = new LoadPipeline(target.toString(), sessions);
            } catch (SQLException | RuntimeException e) {
                for (Connection c : sessions) {
                    c.close();
                }
                throw e;
            }
        }
        keys = new KeyBuilds(target, dialect, pipeline, deferKeysMinRows);
        tables = new TableCreations(() -> TargetSessions.open(target, dialect, Map.of()));
    }

    /** Switches {@code local_infile} on if needed; returns how to put it back, or null (and no bulk load) when refused. */
    private AutoCloseable enableLocalInfile() throws SQLException {
        try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.local_infile")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return () -> { };
            }
        }
        try (Statement st = control.createStatement()) {
            st.execute("SET GLOBAL local_infile = 1");
        } catch (SQLException e) {
            bulkLoad = false;
            log.info("copy into {} uses INSERTs: local_infile is off and could not be switched on ({})", target, e.getMessage());
            return null;
        }
        return () -> {
            try (Statement st = control.createStatement()) {
                st.execute("SET GLOBAL local_infile = 0");
            } catch (SQLException e) {
                log.warn("could not switch local_infile back off on {}: {}", target, e.getMessage());
            }
        };
    }

    @Override
    public void database(String database, String createSql) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute(DumpFileSink.createIfNotExists(createSql));
        }
        Set<String> tables = new HashSet<>();
        try (PreparedStatement ps = control.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'VIEW'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        existing.put(database, tables);
    }

    /**
     * Whether the target may have a table of this name already (left by an earlier attempt): it is dropped first. A
     * fresh target has none, and MariaDB spends on a {@code DROP TABLE IF EXISTS} of a missing table about half what it
     * spends creating one. Compared without case: one DROP too many is harmless, one too few fails the CREATE.
     */
    private boolean mayExist(TableSpec table) {
        Set<String> tables = existing.get(table.database());
        return tables == null || tables.contains(table.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void sequence(SequenceSpec sequence) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("USE " + SqlValues.identifier(sequence.database()));
            for (String s : sequence.statements()) {
                st.execute(s);
            }
        }
    }

    /** Checks what it can at once, and creates the table in the background ({@link TableCreations}). */
    @Override
    public void table(TableSpec table, String createSql) throws Exception {
        if (table.versioned()) {
            requireHistoryInsert(table);
        }
        if (createSql.toUpperCase(Locale.ROOT).contains("FOREIGN KEY")) {
            tables.linked(table.database()); // its loads wait for all the database's tables (TableCreations)
        }
        tables.submit(table, session -> create(session, table, createSql));
    }

    /**
     * Runs {@code sql}, again (a few times, after a growing pause that lets the other session commit) when it lost a
     * lock to another session — deadlock or lock wait timeout: the server ran none of it. For the copy's INSERTs, and for
     * the DDL of a table's creation, which a key build adding a foreign key elsewhere may still meet
     * ({@link TableCreations} creates tables linked by foreign keys one at a time).
     */
    static void executeRetryingLostLocks(Statement st, String sql) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                st.execute(sql);
                return;
            } catch (SQLException e) {
                if (attempt > LOCK_RETRIES || !lostToAnotherWorker(e)) {
                    throw e;
                }
                log.debug("{}… lost a lock to another session ({}); running it again", sql.substring(0, Math.min(60, sql.length())),
                        e.getMessage());
                Thread.sleep(10L * attempt);
            }
        }
    }

    /** Creates {@code table} over {@code session}, without its keys when they are worth deferring ({@link KeyBuilds}). */
    private void create(Connection session, TableSpec table, String createSql) throws SQLException, InterruptedException {
        try (Statement st = session.createStatement()) {
            st.execute("USE " + SqlValues.identifier(table.database()));
            if (mayExist(table)) {
                executeRetryingLostLocks(st, "DROP TABLE IF EXISTS " + SqlValues.identifier(table.name()));
            }
            DeferredKeys split = bulkLoad && keys.worthDeferring(table)
                    ? DeferredKeys.split(SqlValues.identifier(table.name()), createSql) : null;
            if (split != null && split.alterSql() != null) {
                try {
                    executeRetryingLostLocks(st, split.createSql());
                    keys.defer(table, split.alterSql(), autoIncLoadsSerialize && hasAutoIncrement(session, table));
                    return;
                } catch (SQLException e) {
                    // e.g. an AUTO_INCREMENT column indexed only by a deferred key: keep the table as it is
                    log.debug("{}: secondary keys not deferred ({})", table.displayName(), e.getMessage());
                    executeRetryingLostLocks(st, "DROP TABLE IF EXISTS " + SqlValues.identifier(table.name()));
                }
            }
            executeRetryingLostLocks(st, createSql);
        }
    }

    @Override
    public RowWriter rowWriter() throws Exception {
        tables.start(); // every table is named by now (TableCreations)
        LoadPipeline loads = pipeline;
        boolean inline = bulkLoad && pipeline == null; // loaders = 0
        return new RowWriter() {
            /** This writer's own session, for the INSERTs of tables that are not bulk-loaded; opened on first use. */
            private Connection c;
            private Statement st;

            private void session(boolean localInfile) throws SQLException {
                if (st == null) {
                    Map<String, String> props = WRITER_PROPS;
                    if (localInfile) {
                        props = new LinkedHashMap<>(WRITER_PROPS);
                        props.put("allowLoadLocalInfile", "true");
                    }
                    c = TargetSessions.open(target, dialect, props);
                    st = c.createStatement();
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                }
            }

            @Override
            public void insert(TableSpec table, String insertSql, int rows) throws Exception {
                tables.await(table);
                session(inline);
                executeRetryingLostLocks(st, insertSql); // an INSERT that lost to another worker's is atomic
            }

            @Override
            public boolean loadsRows(TableSpec table) {
                return (loads != null || inline) && table.bulkLoadable();
            }

            @Override
            public long maxInsertBytes() {
                return maxInsertBytes;
            }

            @Override
            public byte[] load(TableSpec table, byte[] data, int length, int rows) throws Exception {
                tables.await(table);
                if (loads != null) {
                    return loads.submit(table, data, length, rows);
                }
                session(true);
                LoadPipeline.load(st, target.toString(), table, data, length, rows); // loaders = 0: in the reading thread
                return data;
            }

            /** Everything this writer handed over is loaded (waits for the loaders) and every INSERT committed. */
            @Override
            public void close() throws Exception {
                try (Connection conn = c; Statement s = st) {
                    if (loads != null) {
                        loads.awaitAll();
                    }
                }
            }
        };
    }

    /** The table's rows are in: its deferred keys are built now, while other tables are still copying ({@link KeyBuilds}). */
    @Override
    public void tableCopied(TableSpec table) throws Exception {
        tables.await(table); // and so its keys are known
        keys.tableCopied(table);
    }

    /** Two thirds of a large table are in: where the target runs its loads one at a time, its keys are built online now ({@link KeyBuilds}). */
    @Override
    public void tableNearlyCopied(TableSpec table) throws Exception {
        tables.await(table);
        keys.tableNearlyCopied(table);
    }

    /** The target's sessions can write a system-versioned table's row versions ({@link TargetSessions#open}). */
    private void requireHistoryInsert(TableSpec table) throws SQLException {
        boolean on = false;
        try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.system_versioning_insert_history")) {
            on = rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
            log.debug("{}: system_versioning_insert_history not readable ({})", target, e.getMessage());
        }
        if (!on) {
            throw new AdminException(table.displayName() + " is system-versioned, and " + target + " cannot take its history"
                    + " (system_versioning_insert_history is not on in its sessions; it needs MariaDB 10.11 or later):"
                    + " upgrade the target, or copy the table without history by hand");
        }
    }

    private static boolean hasAutoIncrement(Connection session, TableSpec table) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT COUNT(*) FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA LIKE '%auto_increment%'")) {
            ps.setString(1, table.database());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    /**
     * {@code LOAD DATA LOCAL INFILE} for the rows {@link TsvEncoder} writes: binary columns come as
     * hex into a user variable and are set through {@code UNHEX}.
     */
    static String loadStatement(TableSpec t) {
        List<String> targets = IntStream.range(0, t.columns().size())
                .mapToObj(i -> t.kinds().get(i).hex() ? "@c" + i : SqlValues.identifier(t.columns().get(i)))
                .toList();
        String sets = IntStream.range(0, t.columns().size()).filter(i -> t.kinds().get(i).hex())
                .mapToObj(i -> SqlValues.identifier(t.columns().get(i)) + " = UNHEX(@c" + i + ")")
                .collect(Collectors.joining(", "));
        return "LOAD DATA LOCAL INFILE 'cqrs-copy' INTO TABLE " + t.qualifiedName()
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                + " (" + String.join(",", targets) + ")" + (sets.isEmpty() ? "" : " SET " + sets);
    }

    static String warnings(SQLWarning w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; w != null && i < 3; i++, w = w.getNextWarning()) {
            sb.append(i == 0 ? "" : "; ").append(w.getErrorCode()).append(' ').append(w.getMessage());
        }
        return sb.toString();
    }

    /** Deadlock (1213) or lock wait timeout (1205): the INSERT was rolled back whole and may run again. */
    static boolean lostToAnotherWorker(SQLException e) {
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
    }

    @Override
    public void schemaObjects(String database, List<SchemaObject> objects) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("USE " + SqlValues.identifier(database));
            // every row is in: the tables and their deferred keys must be complete before views and triggers
            tables.awaitDatabase(database);
            keys.finish(database);
            for (SchemaObject o : objects) {
                st.execute(o.dropSql());
                for (String s : o.before()) {
                    st.execute(s);
                }
                st.execute(o.createSql());
                for (String s : o.after()) {
                    st.execute(s);
                }
            }
        }
    }

    @Override
    public void finish(SnapshotResult result) throws Exception {
        if (pipeline != null) {
            pipeline.awaitAll();
        }
    }

    @Override
    public void close() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        if (tables != null) {
            tables.close();
        }
        if (keys != null) {
            keys.close();
        }
        try (Connection c = control) {
            if (ioCapacity != null) {
                ioCapacity.close();
            }
            if (localInfile != null) {
                localInfile.close();
            }
            if (writable != null) {
                writable.close();
            }
        }
    }
}
