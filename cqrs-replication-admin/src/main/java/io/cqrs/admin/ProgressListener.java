package io.cqrs.admin;

/**
 * Receives {@link Progress} reports, a few per second at most, from whichever thread does the
 * work. A listener that throws is logged and ignored; it never breaks the operation.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);
}
