package io.cqrs.admin.snapshot;

import io.cqrs.admin.ProgressListener;

import java.util.List;
import java.util.Objects;

/**
 * How to take a snapshot. Build with {@link #builder()}; {@link #defaults()} copies every
 * non-system database with 4 workers.
 */
public record SnapshotOptions(List<String> databases, int workers, int chunkRows, int rowsPerInsert, int maxStatementBytes,
                              ProgressListener progress) {

    public static final int DEFAULT_WORKERS = 4;
    public static final int DEFAULT_CHUNK_ROWS = 10_000;
    public static final int DEFAULT_ROWS_PER_INSERT = 1_000;
    public static final int DEFAULT_MAX_STATEMENT_BYTES = 1 << 20;

    public SnapshotOptions {
        databases = List.copyOf(databases);
        Objects.requireNonNull(progress, "progress");
    }

    public static SnapshotOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private List<String> databases = List.of();
        private int workers = DEFAULT_WORKERS;
        private int chunkRows = DEFAULT_CHUNK_ROWS;
        private int rowsPerInsert = DEFAULT_ROWS_PER_INSERT;
        private int maxStatementBytes = DEFAULT_MAX_STATEMENT_BYTES;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /** The databases to copy; empty (the default) means every database except the system ones. */
        public Builder databases(List<String> databases) {
            this.databases = List.copyOf(databases);
            return this;
        }

        public Builder databases(String... databases) {
            return databases(List.of(databases));
        }

        /** Parallel connections reading the source (each holds the same consistent snapshot). 1-64. */
        public Builder workers(int workers) {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers = " + workers + " is out of range; use 1-64 (default " + DEFAULT_WORKERS + ")");
            }
            this.workers = workers;
            return this;
        }

        /** Rows per primary-key chunk (a unit of parallel work). At least 100. */
        public Builder chunkRows(int chunkRows) {
            if (chunkRows < 100) {
                throw new IllegalArgumentException("chunkRows = " + chunkRows + " is too small; use at least 100 (default " + DEFAULT_CHUNK_ROWS + ")");
            }
            this.chunkRows = chunkRows;
            return this;
        }

        /** Rows per multi-row INSERT statement. 1-100000. */
        public Builder rowsPerInsert(int rows) {
            if (rows < 1 || rows > 100_000) {
                throw new IllegalArgumentException("rowsPerInsert = " + rows + " is out of range; use 1-100000 (default " + DEFAULT_ROWS_PER_INSERT + ")");
            }
            this.rowsPerInsert = rows;
            return this;
        }

        /** Upper bound of one INSERT statement; keep it well below the target's max_allowed_packet. */
        public Builder maxStatementBytes(int bytes) {
            if (bytes < 16 * 1024) {
                throw new IllegalArgumentException("maxStatementBytes = " + bytes + " is too small; use at least 16384 (default " + DEFAULT_MAX_STATEMENT_BYTES + ")");
            }
            this.maxStatementBytes = bytes;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public SnapshotOptions build() {
            return new SnapshotOptions(databases, workers, chunkRows, rowsPerInsert, maxStatementBytes, progress);
        }
    }
}
