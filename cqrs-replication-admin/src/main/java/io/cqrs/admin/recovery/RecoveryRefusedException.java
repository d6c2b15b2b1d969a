package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;

/** {@code recover} would have to discard replica changes (or has no automatic plan) and changed nothing. */
public final class RecoveryRefusedException extends AdminException {

    private final transient Diagnosis diagnosis;

    public RecoveryRefusedException(String message, Diagnosis diagnosis) {
        super(message);
        this.diagnosis = diagnosis;
    }

    /** A refusal whose {@code {}} placeholders name the remedies (see {@link AdminException#cliMessage()}). */
    public RecoveryRefusedException(String template, Diagnosis diagnosis, Remedy... remedies) {
        super(template, remedies);
        this.diagnosis = diagnosis;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
