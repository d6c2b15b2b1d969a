package io.cqrs.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Read-your-writes through GTID {@link ConsistencyToken}s ({@code cqrs.consistency.*}). Immutable;
 * build it with {@link #custom()}, or take {@link #ofDefaults()} / {@link #disabled()}.
 */
public final class ConsistencyConfig {

    public static final String KEY_CAPTURE = "cqrs.consistency.capture";
    public static final String KEY_SESSION_TOKENS = "cqrs.consistency.session-tokens";
    public static final String KEY_TOKEN_WAIT_MS = "cqrs.consistency.token-wait-ms";

    public static final Duration DEFAULT_TOKEN_WAIT = Duration.ofMillis(200);
    public static final Duration MAX_TOKEN_WAIT = Duration.ofSeconds(30);

    private static final ConsistencyConfig DEFAULTS = custom().build();
    private static final ConsistencyConfig DISABLED = custom().capture(false).sessionTokens(false).build();

    private final boolean capture;
    private final boolean sessionTokens;
    private final Duration tokenWait;

    private ConsistencyConfig(Builder b) {
        this.capture = b.capture;
        this.sessionTokens = b.sessionTokens;
        this.tokenWait = b.tokenWait;
    }

    public static ConsistencyConfig ofDefaults() {
        return DEFAULTS;
    }

    /** No capture, no automatic session tokens (explicit tokens still work). */
    public static ConsistencyConfig disabled() {
        return DISABLED;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(ConsistencyConfig base) {
        return new Builder().capture(base.capture).sessionTokens(base.sessionTokens).tokenWait(base.tokenWait);
    }

    /**
     * {@value #KEY_CAPTURE}: capture the GTID of every write committed on the source into the
     * session's token (default true). Cost: none on MySQL with Connector/J and
     * {@code trackSessionState=true} on the source URL; one {@code SELECT @@last_gtid} per committed
     * write on MariaDB; one {@code SELECT @@GLOBAL.gtid_executed} per committed write otherwise.
     */
    public boolean capture() {
        return capture;
    }

    /**
     * {@value #KEY_SESSION_TOKENS}: reads automatically carry the current session's token (default
     * true). The session is the innermost {@link RoutingScope#session()} or, without one, the thread.
     */
    public boolean sessionTokens() {
        return sessionTokens;
    }

    /**
     * {@value #KEY_TOKEN_WAIT_MS}: how long a read may wait for a replica to apply its token before
     * it goes to the source (default 200 ms; 0 = never wait).
     */
    public Duration tokenWait() {
        return tokenWait;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyConfig c && capture == c.capture && sessionTokens == c.sessionTokens
                && tokenWait.equals(c.tokenWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(capture, sessionTokens, tokenWait);
    }

    @Override
    public String toString() {
        return "ConsistencyConfig[capture=" + capture + ", sessionTokens=" + sessionTokens + ", tokenWait="
                + tokenWait.toMillis() + "ms]";
    }

    /** Builder; setters check their value at once. */
    public static final class Builder {
        private boolean capture = true;
        private boolean sessionTokens = true;
        private Duration tokenWait = DEFAULT_TOKEN_WAIT;

        private Builder() {
        }

        /** {@value ConsistencyConfig#KEY_CAPTURE}. */
        public Builder capture(boolean on) {
            this.capture = on;
            return this;
        }

        /** {@value ConsistencyConfig#KEY_SESSION_TOKENS}. */
        public Builder sessionTokens(boolean on) {
            this.sessionTokens = on;
            return this;
        }

        /** {@value ConsistencyConfig#KEY_TOKEN_WAIT_MS}. */
        public Builder tokenWait(Duration wait) {
            if (wait == null || wait.isNegative() || wait.compareTo(MAX_TOKEN_WAIT) > 0) {
                throw ConfigError.ofMillis(KEY_TOKEN_WAIT_MS, wait, "is out of range; use 0.." + MAX_TOKEN_WAIT.toMillis()
                        + " (default " + DEFAULT_TOKEN_WAIT.toMillis()
                        + "; a read that cannot be served in time goes to the source)");
            }
            this.tokenWait = wait;
            return this;
        }

        public ConsistencyConfig build() {
            return new ConsistencyConfig(this);
        }
    }
}
