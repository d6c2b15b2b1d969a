package io.cqrs.admin;

/**
 * Receives {@link Progress} reports, a few per second at most, from whichever thread does the
 * work. A listener that throws is logged and ignored; it never breaks the operation.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores every report. */
    ProgressListener NONE = p -> { };

    /** Called with each progress report, the last one with {@code done} set. */
    void onProgress(Progress progress);
}
