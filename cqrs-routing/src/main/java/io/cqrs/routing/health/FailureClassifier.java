package io.cqrs.routing.health;

import io.cqrs.routing.fallback.SpillRejectedException;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decides whether an error says something about the endpoint (unreachable, refusing, timing
 * out) — those feed its circuit breaker — or about the statement (duplicate key, syntax,
 * deadlock, bad data), which the endpoint answered and which never trip a breaker.
 */
@FunctionalInterface
public interface FailureClassifier {

    /** True when {@code error} is the endpoint's fault (it feeds the breaker), false for business errors. */
    boolean isEndpointFailure(Throwable error);

    /**
     * The default rules, checked along the cause chain:
     * <ul>
     *   <li>endpoint failures: SQLState class {@code 08} (connection exception),
     *       {@code SQLTransientConnectionException} (HikariCP's "Connection is not available,
     *       request timed out" included), {@code SQLNonTransientConnectionException},
     *       {@code SQLTimeoutException}, SQLState class {@code 28} (the endpoint refuses our
     *       credentials), {@code java.net.SocketException} (ConnectException, NoRouteToHost,
     *       reset), {@code UnknownHostException}, Connector/J's
     *       {@code CommunicationsException} / {@code CJCommunicationsException} by class name;</li>
     *   <li>never: {@link SpillRejectedException} (the router's own refusal), and everything
     *       else — SQLState classes 22 (data), 23 (constraint, duplicate key), 40 (deadlock,
     *       serialization), 42 (syntax, access to objects), and errors without a SQLState.</li>
     * </ul>
     */
    static FailureClassifier ofDefaults() {
        return FailureClassifier::isConnectionLevel;
    }

    private static boolean isConnectionLevel(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null && seen.size() <= 32; t = t.getCause()) {
            if (t instanceof SpillRejectedException) {
                return false;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("28"))) {
                    return true;
                }
                if (state != null && isBusinessClass(state)) {
                    return false;
                }
            }
            if (t instanceof SocketException || t instanceof UnknownHostException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.equals("com.mysql.cj.jdbc.exceptions.CommunicationsException")
                    || name.equals("com.mysql.cj.exceptions.CJCommunicationsException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBusinessClass(String state) {
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("40") || state.startsWith("42");
    }
}
