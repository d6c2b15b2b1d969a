package io.cqrs.admin.cli;

import io.cqrs.admin.Progress;
import io.cqrs.admin.ProgressListener;

import java.io.PrintWriter;

/** Prints progress to stderr as one line updated in place (carriage return), ending with a newline when done. */
final class ProgressPrinter implements ProgressListener {

    private final PrintWriter err;
    private int lastLength;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        String line = p.describe();
        err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        if (p.done()) {
            err.println();
            lastLength = 0;
        }
        err.flush();
    }
}
