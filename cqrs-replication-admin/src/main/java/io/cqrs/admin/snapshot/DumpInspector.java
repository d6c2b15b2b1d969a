package io.cqrs.admin.snapshot;

import io.cqrs.admin.ProgressListener;
import io.cqrs.admin.internal.ProgressTracker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Validates a dump completely before anything is loaded: the whole file is read and split into
 * statements; a file cut off mid-statement, without its completion marker, with bytes after the
 * marker, or (our format) whose CRC-32 or size does not match the marker is rejected. For a
 * restore ({@link #inspect(Path, RestoreOptions)}) it also rejects a dump whose table statements
 * need a default database when none is given (a single-database mysqldump/mariadb-dump file has
 * no {@code USE}), reports progress (phase "validate": bytes of the file, rows found) and counts
 * the rows of the dump's INSERTs for the load's progress.
 */
public final class DumpInspector {

    private static final Pattern MARKER = Pattern.compile(
            "^-- cqrs-dump completed: tables=(\\d+) rows=(\\d+) bytes=(\\d+) crc32=([0-9a-f]{8}).*");

    private DumpInspector() {
    }

    /**
     * Checks a file for reading its GTID position or other facts (no default-database check, no
     * progress).
     *
     * @param requireCompletion reject files with no recognizable completion marker (plain SQL,
     *                          mysqldump --skip-comments); true is the safe default
     * @throws DumpRejectedException when the file must not be loaded
     */
    public static DumpInfo inspect(Path file, boolean requireCompletion) {
        return inspect(file, requireCompletion, false, ProgressListener.NONE);
    }

    /**
     * Checks a file before {@link Restorer#restore} loads it with these options: completion as
     * {@link RestoreOptions#requireCompletionMarker()} asks; without {@link RestoreOptions#database()},
     * a statement that needs a default database before any {@code USE} is rejected (it would
     * fail on the target with "No database selected"); progress goes to {@link RestoreOptions#progress()}.
     *
     * @throws DumpRejectedException when the file must not be loaded
     */
    public static DumpInfo inspect(Path file, RestoreOptions options) {
        return inspect(file, options.requireCompletionMarker(), options.database() == null, options.progress());
    }

    private static DumpInfo inspect(Path file, boolean requireCompletion, boolean needUse, ProgressListener listener) {
        if (!Files.isRegularFile(file)) {
            throw new DumpRejectedException(file, "the file does not exist or is not a regular file", "Check the path.");
        }
        DumpFormat format = null;
        Optional<String> gtid = Optional.empty();
        long statements = 0;
        String lastNonBlank = null;
        long lastNonBlankLine = 0;
        String completionLine = null;
        long completionBytes = 0;
        long completionCrc = 0;
        long rows = 0;
        long largest = 0;
        long largestLine = 0;
        boolean databaseSelected = false;
        SqlSplitter splitter = new SqlSplitter(true);
        ProgressTracker progress = new ProgressTracker("validate", listener);
        try (DumpReader r = new DumpReader(file)) {
            progress.totals(0, Files.size(file), 0);
            long reportedRows = 0;
            long reportedBytes = 0;
            long reportedStatements = 0;
            String line;
            while ((line = r.next()) != null) {
                if (r.fileBytes() != reportedBytes) { // every 64 KB read
                    progress.add(rows - reportedRows, r.fileBytes() - reportedBytes, statements - reportedStatements);
                    reportedRows = rows;
                    reportedBytes = r.fileBytes();
                    reportedStatements = statements;
                }
                if (format == null || (format == DumpFormat.PLAIN_SQL && r.lineNumber() <= 3)) {
                    format = DumpFormat.ofFirstLine(line);
                }
                if (!r.lineIsUtf8()) {
                    throw new DumpRejectedException(file, "line " + r.lineNumber() + " is not valid UTF-8 (corrupt, or raw binary data)",
                            "Dumps must be UTF-8: take it again; with mysqldump/mariadb-dump use --hex-blob for binary columns.");
                }
                if (line.startsWith(DumpFileSink.COMPLETION)) {
                    completionLine = line;
                    completionBytes = r.bytes() - line.length() - 1;
                    completionCrc = r.crc();
                }
                if (!line.isBlank()) {
                    lastNonBlank = line;
                    lastNonBlankLine = r.lineNumber();
                }
                for (SqlSplitter.Piece p : splitter.feed(line, r.lineNumber())) {
                    if (p.statement()) {
                        statements++;
                        rows += p.rows();
                        if (p.text().length() > largest) { // one char per byte (DumpReader)
                            largest = p.text().length();
                            largestLine = p.line();
                        }
                        if (needUse && !databaseSelected) {
                            if (DumpStatements.selectsDatabase(p.text())) {
                                databaseSelected = true;
                            } else if (DumpStatements.needsDefaultDatabase(p.text())) {
                                throw new DumpRejectedException(file, "line " + p.line() + " (" + DumpReader.excerpt(p.text(), 60)
                                        + ") needs a default database and the dump selects none before it (no USE statement: a "
                                        + "single-database dump, as mysqldump/mariadb-dump write without --databases)",
                                        "Name the database to load it into: --database NAME (RestoreOptions.builder().database(\"NAME\")); "
                                                + "it is created if it does not exist.");
                            }
                        }
                        Optional<String> g = DumpStatements.gtid(p.text());
                        if (g.isPresent()) {
                            gtid = g;
                        }
                    } else if (gtid.isEmpty()) {
                        gtid = DumpStatements.gtidComment(p.text());
                    }
                }
            }
            if (format == null) {
                throw new DumpRejectedException(file, "the file is empty", "Take the dump again.");
            }
            String unfinished = splitter.finish();
            if (unfinished != null) {
                throw new DumpRejectedException(file, "truncated: " + unfinished, "Take the dump again (the file was cut off).");
            }
            if (format == DumpFormat.CQRS) {
                if (completionLine == null) {
                    throw new DumpRejectedException(file, "truncated: the completion marker '" + DumpFileSink.COMPLETION
                            + " ...' is missing (last line " + lastNonBlankLine + ": " + (lastNonBlank == null ? "none" : DumpReader.excerpt(lastNonBlank, 60)) + ")",
                            "Take the dump again (the file was cut off or the dump did not finish).");
                }
                if (!lastNonBlank.equals(completionLine)) {
                    throw new DumpRejectedException(file, "corrupt: there is data after the completion marker (line " + lastNonBlankLine + ")",
                            "Take the dump again.");
                }
                Matcher m = MARKER.matcher(completionLine);
                if (!m.matches()) {
                    throw new DumpRejectedException(file, "corrupt: the completion marker is malformed: " + completionLine, "Take the dump again.");
                }
                long expectedBytes = Long.parseLong(m.group(3));
                String expectedCrc = m.group(4);
                String actualCrc = String.format("%08x", completionCrc);
                if (expectedBytes != completionBytes || !expectedCrc.equals(actualCrc)) {
                    throw new DumpRejectedException(file, "corrupt: checksum mismatch (marker says bytes=" + expectedBytes + " crc32=" + expectedCrc
                            + ", file has bytes=" + completionBytes + " crc32=" + actualCrc + ")", "The file was modified or damaged; take the dump again.");
                }
                rows = Long.parseLong(m.group(2));
            } else if (format == DumpFormat.PLAIN_SQL) {
                if (requireCompletion) {
                    throw new DumpRejectedException(file, "no dump header and no completion marker, so a cut-off file cannot be told apart",
                            "If the file is complete, restore it with --allow-unmarked (RestoreOptions.requireCompletionMarker(false)).");
                }
            } else if (lastNonBlank == null || !lastNonBlank.startsWith(format.completionPrefix())) {
                if (requireCompletion) {
                    throw new DumpRejectedException(file, "truncated: the '" + format.completionPrefix() + "' line that "
                            + (format == DumpFormat.MYSQLDUMP ? "mysqldump" : "mariadb-dump") + " writes last is missing (last line "
                            + lastNonBlankLine + ": " + (lastNonBlank == null ? "none" : DumpReader.excerpt(lastNonBlank, 60)) + ")",
                            "Take the dump again; if it was written with --skip-comments, restore with --allow-unmarked.");
                }
            }
            progress.add(rows - reportedRows, r.fileBytes() - reportedBytes, statements - reportedStatements);
            progress.finish();
            return new DumpInfo(file, format, r.gzip(), gtid, r.bytes(), statements, rows, largest, largestLine);
        } catch (DumpRejectedException e) {
            throw e;
        } catch (EOFException e) {
            throw new DumpRejectedException(file, "truncated: the gzip stream ends early (" + e.getMessage() + ")", "Take the dump again (the file was cut off).");
        } catch (ZipException e) {
            throw new DumpRejectedException(file, "corrupt: not a valid gzip stream (" + e.getMessage() + ")", "Take the dump again.");
        } catch (NoSuchFileException e) {
            throw new DumpRejectedException(file, "the file does not exist", "Check the path.");
        } catch (IOException | IllegalArgumentException e) {
            throw new DumpRejectedException(file, "unreadable: " + e.getMessage(), "Check the file.");
        }
    }
}
