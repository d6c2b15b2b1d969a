package io.cqrs.sample.service;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Maps what a call threw to a gRPC status. Routing and connection failures (SQLState class 08,
 * {@code NoEndpointAvailableException}, timeouts) become UNAVAILABLE with the SQLException's
 * message, which names the endpoints tried and why; business errors keep their meaning.
 */
public final class GrpcErrors {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static StatusRuntimeException notFound(String what) {
        return Status.NOT_FOUND.withDescription(what).asRuntimeException();
    }

    public static StatusRuntimeException invalid(String what) {
        return Status.INVALID_ARGUMENT.withDescription(what).asRuntimeException();
    }

    public static Status toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (t instanceof StatusException se) {
            return se.getStatus();
        }
        SQLException sql = findSqlException(t);
        if (sql != null) {
            if (isUnavailable(sql)) {
                return Status.UNAVAILABLE.withDescription(sql.getMessage()).withCause(t);
            }
            switch (sql.getErrorCode()) {
                case 1062:
                    return Status.ALREADY_EXISTS.withDescription(sql.getMessage()).withCause(t);
                case 1451:
                    return Status.FAILED_PRECONDITION.withDescription("still referenced: " + sql.getMessage()).withCause(t);
                case 1452:
                    return Status.FAILED_PRECONDITION.withDescription("refers to a missing row: " + sql.getMessage()).withCause(t);
                case 1205:
                case 1213:
                    return Status.ABORTED.withDescription(sql.getMessage()).withCause(t);
                default:
                    break;
            }
        }
        LOG.warn("call failed with an unexpected error", t);
        return Status.INTERNAL.withDescription(t.getClass().getSimpleName() + ": " + t.getMessage()).withCause(t);
    }

    static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08"))
                || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTimeoutException;
    }

    /** The outermost SQLException in the cause chain (Jdbi wraps them), or null. */
    static SQLException findSqlException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
