package io.cqrs.admin.snapshot;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What validation learned about a dump file.
 *
 * @param gtidPosition the GTID position the dump carries (GTID_PURGED / gtid_slave_pos line or comment), if any
 * @param bytes        uncompressed size
 * @param statements   SQL statements in the file
 * @param rows         rows in the dump: our completion marker's count, else the rows of its
 *                     {@code INSERT/REPLACE ... VALUES} statements (counted while validating)
 * @param largestStatement the size in bytes of its largest statement (a server takes none larger than its
 *                     {@code max_allowed_packet})
 * @param largestStatementLine the line that statement starts on
 */
public record DumpInfo(Path file, DumpFormat format, boolean gzip, Optional<String> gtidPosition, long bytes, long statements, long rows,
                       long largestStatement, long largestStatementLine) {
}
