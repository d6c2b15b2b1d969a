package io.cqrs.routing;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * No endpoint could give a physical connection. The message names every endpoint tried and why
 * it failed; each failure is also attached as a suppressed exception (the first as the cause).
 * The SQLState is the first class-08 state among the failures, else {@code 08001}.
 */
public class NoEndpointAvailableException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** One endpoint tried (or skipped) and what went wrong. */
    public record Attempt(String endpoint, EndpointRole role, String problem, SQLException failure) {
    }

    private final transient List<Attempt> attempts;

    /** No endpoint could serve {@code what}; {@code attempts} says which were tried and why each failed. */
    public NoEndpointAvailableException(String what, List<Attempt> attempts) {
        super(message(what, attempts), sqlState(attempts), firstFailure(attempts));
        this.attempts = List.copyOf(attempts);
        SQLException first = firstFailure(attempts);
        for (Attempt a : attempts) {
            if (a.failure() != null && a.failure() != first) {
                addSuppressed(a.failure());
            }
        }
    }

    /** The endpoints tried, in order. */
    public List<Attempt> attempts() {
        return attempts;
    }

    private static String message(String what, List<Attempt> attempts) {
        StringBuilder sb = new StringBuilder("No endpoint could serve ").append(what).append("; tried ");
        if (attempts.isEmpty()) {
            sb.append("nothing (no endpoint configured for this route)");
        }
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            if (i > 0) {
                sb.append(", then ");
            }
            sb.append(a.endpoint()).append(" (").append(a.role().name().toLowerCase(java.util.Locale.ROOT))
                    .append(": ").append(a.problem()).append(')');
        }
        return sb.toString();
    }

    private static SQLException firstFailure(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            if (a.failure() != null) {
                return a.failure();
            }
        }
        return null;
    }

    private static String sqlState(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            for (Throwable t = a.failure(); t != null; t = t.getCause()) {
                if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                    return s.getSQLState();
                }
            }
        }
        return "08001";
    }

    /** Describes a failure in one line: the message, the root cause's message and its SQLState. */
    public static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            sb.append("; cause: ").append(root.getMessage());
        }
        String state = root instanceof SQLException rs && rs.getSQLState() != null ? rs.getSQLState() : e.getSQLState();
        if (state != null) {
            sb.append(" [").append(state).append(']');
        }
        return sb.toString();
    }
}
