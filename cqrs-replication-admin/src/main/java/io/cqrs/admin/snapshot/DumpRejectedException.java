package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;

import java.nio.file.Path;

/** A dump failed validation (truncated, corrupt, unreadable); nothing was changed on any server. */
public final class DumpRejectedException extends AdminException {

    private final Path file;
    private final String problem;

    public DumpRejectedException(Path file, String problem, String fix) {
        super("dump " + file + " rejected: " + problem + ". Nothing was changed on the target. " + fix);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** The problem alone, e.g. "truncated: the completion marker ... is missing". */
    public String problem() {
        return problem;
    }
}
