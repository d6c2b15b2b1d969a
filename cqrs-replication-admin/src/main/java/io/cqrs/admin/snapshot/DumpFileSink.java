package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.TargetSessions;
import io.cqrs.common.dialect.Dialect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a snapshot as a plain SQL file (optionally gzip) that {@code cqrs-admin restore} and the
 * plain {@code mysql}/{@code mariadb} client both load. Layout: header comments, session
 * prologue (utf8mb4, UTC, no unique/foreign key checks, {@code NO_AUTO_VALUE_ON_ZERO}, and
 * {@code sql_log_bin=0} so loading writes no binlog and makes no errant GTIDs), the GTID statement
 * of the source's dialect, databases and tables, data as multi-row INSERTs, views, routines and
 * triggers with DELIMITER blocks, the epilogue, a per-table row summary and finally the completion
 * marker {@code -- cqrs-dump completed: ... crc32=...}: a CRC-32 of every byte before that line.
 * The file is written as {@code <name>.partial} and renamed when complete, so a failed snapshot
 * never leaves a file that passes for a dump.
 */
public final class DumpFileSink implements SnapshotSink {

    static final String COMPLETION = "-- cqrs-dump completed:";

    private final Path file;
    private final Path partial;
    private final OutputStream out;
    private final CRC32 crc = new CRC32();
    private long bytes;
    private Dialect dialect;
    private boolean finished;

    /** @param gzip compress the file (restore detects gzip by its magic bytes, whatever the name) */
    public DumpFileSink(Path file, boolean gzip) throws IOException {
        this.file = file.toAbsolutePath();
        this.partial = this.file.resolveSibling(this.file.getFileName() + ".partial");
        if (this.file.getParent() != null) {
            Files.createDirectories(this.file.getParent());
        }
        OutputStream o = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
        this.out = gzip ? new GZIPOutputStream(o, 1 << 16) : o;
    }

    /** Gzip when the name ends with ".gz". */
    public static DumpFileSink of(Path file) throws IOException {
        return new DumpFileSink(file, file.getFileName().toString().endsWith(".gz"));
    }

    public Path file() {
        return file;
    }

    private synchronized void write(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        crc.update(b);
        bytes += b.length;
        out.write(b);
    }

    @Override
    public void begin(SnapshotHeader h) throws IOException {
        dialect = Dialect.forVersion(h.version());
        write(DumpFormat.CQRS.headerPrefix() + " 1 (cqrs-replication-admin): a consistent snapshot; load it with "
                + "'cqrs-admin restore' or the mysql/mariadb client\n"
                + "-- source: " + h.source() + " (" + h.version().describe() + ", " + h.version().raw() + ")\n"
                + "-- databases: " + String.join(", ", h.databases()) + "\n"
                + "-- started: " + h.startedAt() + "\n"
                + "-- GTID position: " + h.gtidPosition() + "\n"
                + "-- The last line is '" + COMPLETION + " ...'; a file without it is incomplete.\n\n"
                + "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
                + "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n"
                + "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n"
                + "/*!40101 SET NAMES utf8mb4 */;\n"
                + "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
                + "/*!40103 SET TIME_ZONE=" + TargetSessions.TIME_ZONE + " */;\n"
                + "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
                + "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
                + "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE=" + TargetSessions.SQL_MODE + " */;\n"
                + "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n"
                + "-- no binary logging while loading: no errant GTIDs on the server that loads this file\n"
                + "SET @OLD_SQL_LOG_BIN=@@SESSION.SQL_LOG_BIN;\n"
                + "SET @@SESSION.SQL_LOG_BIN=0;\n\n"
                + "-- the source's GTID position at the snapshot (restore reads it; start replication from here)\n"
                + dialect.dumpGtidStatement(h.gtidPosition()) + "\n\n");
    }

    @Override
    public void database(String database, String createSql) throws IOException {
        write("--\n-- Database " + SqlValues.identifier(database) + "\n--\n"
                + createIfNotExists(createSql) + ";\n"
                + "USE " + SqlValues.identifier(database) + ";\n\n");
    }

    /** {@code CREATE DATABASE `x` ...} → {@code CREATE DATABASE IF NOT EXISTS `x` ...}. */
    static String createIfNotExists(String createDatabase) {
        return createDatabase.replaceFirst("(?i)^CREATE DATABASE\\s+(?!IF NOT EXISTS)", "CREATE DATABASE IF NOT EXISTS ");
    }

    @Override
    public void sequence(SequenceSpec sequence) throws IOException {
        write("--\n-- Sequence " + SqlValues.qualified(sequence.database(), sequence.name()) + "\n--\n"
                + "USE " + SqlValues.identifier(sequence.database()) + ";\n"
                + String.join(";\n", sequence.statements()) + ";\n\n");
    }

    @Override
    public void table(TableSpec table, String createSql) throws IOException {
        write("--\n-- Table " + table.qualifiedName() + "\n--\n"
                + "USE " + SqlValues.identifier(table.database()) + ";\n"
                + "DROP TABLE IF EXISTS " + SqlValues.identifier(table.name()) + ";\n"
                + createSql + ";\n"
                // its rows come with their row-start and row-end values (MariaDB 10.11+)
                + (table.versioned() ? "SET @@SESSION.SYSTEM_VERSIONING_INSERT_HISTORY = 1;\n" : "")
                + "\n");
    }

    @Override
    public RowWriter rowWriter() {
        return new RowWriter() {
            @Override
            public void insert(TableSpec table, String insertSql, int rows) throws IOException {
                write(insertSql + ";\n");
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void schemaObjects(String database, List<SchemaObject> objects) throws IOException {
        if (objects.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("--\n-- Views, routines, triggers and events of " + SqlValues.identifier(database) + "\n--\n")
                .append("USE ").append(SqlValues.identifier(database)).append(";\n");
        for (SchemaObject o : objects) {
            sb.append(o.dropSql()).append(";\n");
            for (String s : o.before()) {
                sb.append(s).append(";\n");
            }
            sb.append("DELIMITER ;;\n").append(o.createSql()).append(" ;;\nDELIMITER ;\n");
            for (String s : o.after()) {
                sb.append(s).append(";\n");
            }
        }
        write(sb.append('\n').toString());
    }

    @Override
    public void finish(SnapshotResult result) throws IOException {
        StringBuilder sb = new StringBuilder()
                .append("SET @@SESSION.SQL_LOG_BIN=@OLD_SQL_LOG_BIN;\n")
                .append("/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n")
                .append("/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n")
                .append("/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n")
                .append("/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n")
                .append("/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n")
                .append("/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n")
                .append("/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n")
                .append("/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n");
        for (Map.Entry<String, Long> e : result.rowsPerTable().entrySet()) {
            sb.append("-- rows ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        write(sb.toString());
        String marker;
        synchronized (this) {
            marker = COMPLETION + " tables=" + result.tables() + " rows=" + result.rows() + " bytes=" + bytes
                    + " crc32=" + String.format("%08x", crc.getValue()) + " at " + Instant.now() + "\n";
        }
        out.write(marker.getBytes(StandardCharsets.UTF_8));
        out.close();
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
