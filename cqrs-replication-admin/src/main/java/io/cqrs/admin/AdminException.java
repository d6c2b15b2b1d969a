package io.cqrs.admin;

import io.cqrs.admin.dialect.Dialect;

/**
 * An admin operation failed or was refused. The message says what was wrong, echoes the
 * values involved (never a password) and says how to fix it.
 */
public class AdminException extends RuntimeException {

    public AdminException(String message) {
        super(Dialect.mask(message));
    }

    public AdminException(String message, Throwable cause) {
        super(Dialect.mask(message), cause);
    }
}
