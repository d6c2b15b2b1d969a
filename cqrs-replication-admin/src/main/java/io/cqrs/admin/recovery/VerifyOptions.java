package io.cqrs.admin.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code verify} compares.
 *
 * @param tables    "db.table" or "db" (all its tables); empty: every base table outside the system schemas
 * @param chunkRows rows per chunk (primary-key ranges)
 * @param timeout   bound for the replica to reach the source's GTID point
 */
public record VerifyOptions(List<String> tables, int chunkRows, Duration timeout) {

    public static final int DEFAULT_CHUNK_ROWS = 1000;

    public VerifyOptions {
        tables = List.copyOf(tables == null ? List.of() : tables);
        Objects.requireNonNull(timeout, "timeout");
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows " + chunkRows + " must be at least 1");
        }
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(List.of(), DEFAULT_CHUNK_ROWS, Duration.ofSeconds(60));
    }

    public VerifyOptions tables(List<String> t) {
        return new VerifyOptions(t, chunkRows, timeout);
    }

    public VerifyOptions chunkRows(int n) {
        return new VerifyOptions(tables, n, timeout);
    }

    public VerifyOptions timeout(Duration t) {
        return new VerifyOptions(tables, chunkRows, t);
    }
}
