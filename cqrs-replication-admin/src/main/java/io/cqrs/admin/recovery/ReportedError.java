package io.cqrs.admin.recovery;

/**
 * An error a person or a tool saw outside the replica's status, e.g. the 3546 a restore or a
 * {@code SET gtid_purged} ran into; diagnosis takes it into account ({@code diagnose --error 3546}).
 */
public record ReportedError(int errno, String message) {

    public ReportedError {
        message = message == null ? "" : message;
    }

    public static ReportedError of(java.sql.SQLException e) {
        return new ReportedError(e.getErrorCode(), e.getMessage());
    }
}
