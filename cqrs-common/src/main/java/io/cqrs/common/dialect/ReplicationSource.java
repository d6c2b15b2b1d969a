package io.cqrs.common.dialect;

import java.util.Objects;

/**
 * Where a replica replicates from. The password is only ever placed into the SQL sent to the
 * server; {@link #toString()} and {@link Dialect#mask(String)} keep it out of logs.
 */
public record ReplicationSource(String host, int port, String user, String password, int connectRetrySeconds) {

    /** Seconds between a replica's reconnection attempts unless told otherwise. */
    public static final int DEFAULT_CONNECT_RETRY_SECONDS = 10;

    /** The replication account's name when none is given (the runbook's {@code repl}). */
    public static final String DEFAULT_USER = "repl";

    /** Checks the fields: host, user and password present, port 1-65535. */
    public ReplicationSource {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("replication source port " + port + " is out of range; use 1-65535");
        }
        if (connectRetrySeconds < 1) {
            throw new IllegalArgumentException("connectRetrySeconds " + connectRetrySeconds + " must be at least 1");
        }
    }

    /** A source with the default connect retry. */
    public ReplicationSource(String host, int port, String user, String password) {
        this(host, port, user, password, DEFAULT_CONNECT_RETRY_SECONDS);
    }

    /** "host:port" as the replica reaches the source. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "ReplicationSource[" + user + "@" + host + ":" + port + ", password=****]";
    }
}
