package io.cqrs.routing;

import java.time.Duration;

/**
 * Read-your-writes through GTID {@link ConsistencyToken}s.
 *
 * @param capture       {@code cqrs.consistency.capture}: capture the GTID of every write committed on
 *                      the source into the session's token (default true). Cost: none on MySQL with
 *                      Connector/J and {@code trackSessionState=true} on the source URL; one
 *                      {@code SELECT @@last_gtid} per committed write on MariaDB; one
 *                      {@code SELECT @@GLOBAL.gtid_executed} per committed write otherwise
 * @param sessionTokens {@code cqrs.consistency.session-tokens}: reads automatically carry the
 *                      current session's token (default true). The session is the innermost
 *                      {@link RoutingScope#session()} or, without one, the calling thread
 * @param tokenWait     {@code cqrs.consistency.token-wait-ms}: how long a read may wait for a replica
 *                      to apply its token before it goes to the source (default 200 ms; 0 = never wait)
 */
public record ReadYourWritesSettings(boolean capture, boolean sessionTokens, Duration tokenWait) {

    /** Default token wait: 200 ms. */
    public static final Duration DEFAULT_TOKEN_WAIT = Duration.ofMillis(200);
    /** The longest token wait allowed. */
    public static final Duration MAX_TOKEN_WAIT = Duration.ofSeconds(30);

    /** Checks the token wait. */
    public ReadYourWritesSettings {
        if (tokenWait == null || tokenWait.isNegative() || tokenWait.compareTo(MAX_TOKEN_WAIT) > 0) {
            throw new IllegalArgumentException("cqrs.consistency.token-wait-ms = "
                    + (tokenWait == null ? "null" : tokenWait.toMillis()) + " is out of range; use 0.."
                    + MAX_TOKEN_WAIT.toMillis() + " (default " + DEFAULT_TOKEN_WAIT.toMillis()
                    + "; a read that cannot be served in time goes to the source)");
        }
    }

    /** The defaults: capture on, session tokens on, 200 ms token wait. */
    public static ReadYourWritesSettings defaults() {
        return new ReadYourWritesSettings(true, true, DEFAULT_TOKEN_WAIT);
    }

    /** No capture, no automatic session tokens (explicit tokens still work). */
    public static ReadYourWritesSettings disabled() {
        return new ReadYourWritesSettings(false, false, DEFAULT_TOKEN_WAIT);
    }

    /** The same settings with another token wait. */
    public ReadYourWritesSettings withTokenWait(Duration wait) {
        return new ReadYourWritesSettings(capture, sessionTokens, wait);
    }
}
