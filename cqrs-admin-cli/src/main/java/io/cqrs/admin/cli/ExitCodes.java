package io.cqrs.admin.cli;

/** Exit codes shared by all commands. */
public final class ExitCodes {
    /** Done; for checks: healthy. */
    public static final int OK = 0;
    /** The operation failed (the message says why). */
    public static final int FAILURE = 1;
    /** Bad usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** A check ran and found replication unhealthy. */
    public static final int UNHEALTHY = 3;

    private ExitCodes() {
    }
}
