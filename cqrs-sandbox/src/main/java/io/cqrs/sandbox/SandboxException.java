package io.cqrs.sandbox;

/** A sandbox server could not be found, prepared, started or stopped. The message says why and what to do. */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A sandbox failure. */
    public SandboxException(String message) {
        super(message);
    }

    /** A sandbox failure with its cause. */
    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
