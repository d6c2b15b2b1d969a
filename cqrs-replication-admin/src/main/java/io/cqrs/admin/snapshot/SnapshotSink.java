package io.cqrs.admin.snapshot;

import java.util.List;

/**
 * Where a snapshot goes: a dump file ({@link DumpFileSink}) or straight into another server
 * ({@link DirectCopySink}). The snapshot calls {@link #begin}, then {@link #database} and
 * {@link #table} for the schema, then opens one {@link RowWriter} per worker thread for the
 * data, then {@link #schemaObjects} (views, routines, triggers, after the data so triggers do
 * not fire while loading) and {@link #finish}. {@link #close} always runs, also after a failure,
 * and must then leave nothing that looks complete.
 */
public interface SnapshotSink extends AutoCloseable {

    void begin(SnapshotHeader header) throws Exception;

    /** {@code createSql} is the source's {@code SHOW CREATE DATABASE} text. */
    void database(String database, String createSql) throws Exception;

    /** {@code createSql} is the source's {@code SHOW CREATE TABLE} text (indexes and keys included). */
    void table(TableSpec table, String createSql) throws Exception;

    /** A writer for one worker thread; used only by that thread. */
    RowWriter rowWriter() throws Exception;

    /** Views (dependency order), routines and triggers of one database. */
    void schemaObjects(String database, List<SchemaObject> objects) throws Exception;

    void finish(SnapshotResult result) throws Exception;

    @Override
    void close() throws Exception;

    /** Receives the data of one worker as multi-row INSERT statements. */
    interface RowWriter extends AutoCloseable {

        /** One {@code INSERT INTO `db`.`t` (...) VALUES (...),(...)} statement (no terminator) holding {@code rows} rows. */
        void insert(TableSpec table, String insertSql, int rows) throws Exception;

        /** Everything given so far is durable (flushed/committed). */
        @Override
        void close() throws Exception;
    }
}
