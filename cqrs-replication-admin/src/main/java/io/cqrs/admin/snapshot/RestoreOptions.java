package io.cqrs.admin.snapshot;

import io.cqrs.admin.ProgressListener;
import io.cqrs.admin.identity.SafetyOverrides;

import java.util.Objects;

/**
 * How to restore a dump.
 *
 * @param database                the database to load a dump into that selects none (a single-database
 *                                mysqldump/mariadb-dump file has no {@code USE}); created if missing. Null:
 *                                none, and such a dump is refused at validation
 * @param requireCompletionMarker reject files whose completeness cannot be checked (default true)
 * @param safety                  identity refusals overruled (default none: a target that other replicas follow is refused)
 */
public record RestoreOptions(String database, boolean requireCompletionMarker, ProgressListener progress, SafetyOverrides safety) {

    public RestoreOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(safety, "safety");
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
        private SafetyOverrides safety = SafetyOverrides.none();

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

        /** Identity refusals to overrule; default {@link SafetyOverrides#none()}. */
        public Builder safety(SafetyOverrides safety) {
            this.safety = Objects.requireNonNull(safety, "safety");
            return this;
        }

        public RestoreOptions build() {
            return new RestoreOptions(database, requireCompletionMarker, progress, safety);
        }
    }
}
