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

    /** A sequence of the database (MariaDB), before its tables: a column's default may take values from it. */
    void sequence(SequenceSpec sequence) throws Exception;

    /** {@code createSql} is the source's {@code SHOW CREATE TABLE} text (indexes and keys included). */
    void table(TableSpec table, String createSql) throws Exception;

    /** A writer for one worker thread; used only by that thread. */
    RowWriter rowWriter() throws Exception;

    /**
     * Every row of {@code table} has been handed to the writers, and every writer call for it has
     * returned (called once per table that had rows to copy, from the worker that finished it,
     * while other tables may still be copying).
     */
    default void tableCopied(TableSpec table) throws Exception {
    }

    /**
     * About two thirds of {@code table}'s rows have been handed to the writers and the rest is on its
     * way (called at most once per table, only for tables split into several chunks, from the worker
     * that reached the mark; {@link #tableCopied} still follows). A sink may start work that can run
     * while the remaining rows arrive.
     */
    default void tableNearlyCopied(TableSpec table) throws Exception {
    }

    /** Views (dependency order), routines and triggers of one database. */
    void schemaObjects(String database, List<SchemaObject> objects) throws Exception;

    void finish(SnapshotResult result) throws Exception;

    @Override
    void close() throws Exception;

    /** Receives the data of one worker: multi-row INSERT statements, or tab-separated rows for the tables it bulk-loads. */
    interface RowWriter extends AutoCloseable {

        /** One {@code INSERT INTO `db`.`t` (...) VALUES (...),(...)} statement (no terminator) holding {@code rows} rows. */
        void insert(TableSpec table, String insertSql, int rows) throws Exception;

        /**
         * Whether this writer takes the rows of {@code table} as tab-separated bytes through
         * {@link #load} instead of INSERT statements.
         */
        default boolean loadsRows(TableSpec table) {
            return false;
        }

        /**
         * {@code rows} rows of {@code table} as {@code LOAD DATA} input: fields separated by tab,
         * lines ended by newline, backslash escapes, {@code \N} for NULL, binary columns in hex
         * (loaded through UNHEX); {@code data[0..length)}. Only called when {@link #loadsRows} said so.
         *
         * @return the buffer the caller writes its next rows into: {@code data} when the writer is done with it, else
         *         one the writer is done with, or null (the caller makes one) — the writer may keep {@code data} until
         *         it is loaded, so the caller must not touch it again (no copy of a batch is made on the way)
         */
        default byte[] load(TableSpec table, byte[] data, int length, int rows) throws Exception {
            throw new UnsupportedOperationException("this writer takes INSERT statements only");
        }

        /**
         * The largest INSERT statement this writer can run (the target's {@code max_allowed_packet}): a row of a
         * bulk-loaded table holding a value larger than {@link TsvEncoder#LARGE_FIELD} goes as an INSERT of its
         * own when it fits, since {@code LOAD DATA} takes time quadratic in a field's length on MySQL 8.0.
         */
        default long maxInsertBytes() {
            return 0;
        }

        /** Everything given so far is durable (flushed/committed). */
        @Override
        void close() throws Exception;
    }
}
