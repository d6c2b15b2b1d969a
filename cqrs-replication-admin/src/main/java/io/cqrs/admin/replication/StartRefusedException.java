package io.cqrs.admin.replication;

import io.cqrs.admin.AdminException;

/** start-replication found a problem before changing anything, and changed nothing. */
public final class StartRefusedException extends AdminException {

    private final int wouldBeError;

    public StartRefusedException(int wouldBeError, String message) {
        super(message);
        this.wouldBeError = wouldBeError;
    }

    /** A refusal whose {@code {}} placeholders name the remedies (see {@link AdminException#cliMessage()}). */
    public StartRefusedException(int wouldBeError, String template, Remedy... remedies) {
        super(template, remedies);
        this.wouldBeError = wouldBeError;
    }

    /** The server error the start would have run into (3546 overlap, 1236 purged), or 0. */
    public int wouldBeError() {
        return wouldBeError;
    }
}
