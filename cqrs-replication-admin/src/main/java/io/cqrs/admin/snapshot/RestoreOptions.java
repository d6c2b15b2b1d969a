package io.cqrs.admin.snapshot;

import io.cqrs.admin.ProgressListener;

import java.util.Objects;

/**
 * How to restore a dump.
 *
 * @param database                the database to load a dump into that selects none (a single-database
 *                                mysqldump/mariadb-dump file has no {@code USE}); created if missing. Null:
 *                                none, and such a dump is refused at validation
 * @param requireCompletionMarker reject files whose completeness cannot be checked (default true)
 */
public record RestoreOptions(String database, boolean requireCompletionMarker, ProgressListener progress) {

    public RestoreOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public static RestoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String database;
        private boolean requireCompletionMarker = true;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder requireCompletionMarker(boolean require) {
            this.requireCompletionMarker = require;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public RestoreOptions build() {
            return new RestoreOptions(database, requireCompletionMarker, progress);
        }
    }
}
