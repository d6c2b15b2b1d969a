package io.cqrs.admin;

import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.ServerVersion;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * One MySQL or MariaDB server the admin talks to: host, port, user and a {@link Secret}
 * password. Opens Connector/J connections and learns the server's flavour and version from
 * {@code SELECT VERSION()} (cached after the first call).
 *
 * <pre>{@code
 * ServerEndpoint source = ServerEndpoint.builder().address("db1:3306").user("admin")
 *         .password(Secret.fromEnv("DB_PASSWORD")).build();
 * }</pre>
 *
 * The password is never part of the JDBC URL, {@link #toString()} or any message.
 */
public final class ServerEndpoint {

    /** Connector/J properties every admin connection gets unless the builder overrides them. */
    public static final Map<String, String> DEFAULT_PROPERTIES = Map.of(
            "useSSL", "false",
            "allowPublicKeyRetrieval", "true",
            "connectTimeout", "5000",
            "tcpKeepAlive", "true",
            "characterEncoding", "UTF-8",
            "connectionCollation", "utf8mb4_general_ci",
            "zeroDateTimeBehavior", "CONVERT_TO_NULL");

    private final String host;
    private final int port;
    private final String user;
    private final Secret password;
    private final Map<String, String> properties;
    private volatile ServerVersion version;

    private ServerEndpoint(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.user = b.user;
        this.password = b.password;
        Map<String, String> p = new LinkedHashMap<>(DEFAULT_PROPERTIES);
        p.putAll(b.properties);
        this.properties = Map.copyOf(p);
    }

    /** A builder; host and user must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The host name or address. */
    public String host() {
        return host;
    }

    /** The TCP port. */
    public int port() {
        return port;
    }

    /** The account name. */
    public String user() {
        return user;
    }

    /** The account's password (never printed). */
    public Secret password() {
        return password;
    }

    /** "host:port". */
    public String address() {
        return host + ":" + port;
    }

    /** The Connector/J URL (no credentials in it). */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database);
    }

    /** A new connection with no default database (caller closes it). */
    public Connection connect() throws SQLException {
        return connect(null, Map.of());
    }

    /** A new connection to {@code database} (caller closes it). */
    public Connection connect(String database) throws SQLException {
        return connect(database, Map.of());
    }

    /** A new connection with extra Connector/J properties (e.g. {@code rewriteBatchedStatements}). */
    public Connection connect(String database, Map<String, String> extraProperties) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.putAll(extraProperties);
        p.setProperty("user", user);
        p.setProperty("password", password.reveal());
        try {
            return DriverManager.getConnection(jdbcUrl(database), p);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + this + ": " + connectFailure(e), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** The driver's reason in one line, with what to check. */
    private String connectFailure(SQLException e) {
        String m = Dialect.mask(String.valueOf(e.getMessage()));
        int nl = m.indexOf('\n');
        String first = (nl > 0 ? m.substring(0, nl) : m).strip();
        if (e.getErrorCode() == 1045) {
            return first + " (check the user and the password's " + password.origin() + ")";
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return first + " (no MySQL/MariaDB server answered at " + address() + ": check that the server runs, the host and port, "
                    + "and that nothing blocks the connection; connectTimeout is " + properties.get("connectTimeout") + " ms)";
        }
        return first;
    }

    /** The server's flavour and version, asked once with {@code SELECT VERSION()}. */
    public ServerVersion version() throws SQLException {
        ServerVersion v = version;
        if (v == null) {
            try (Connection c = connect()) {
                v = ServerVersion.detect(c);
            }
            version = v;
        }
        return v;
    }

    /** The dialect of this server. */
    public Dialect dialect() throws SQLException {
        return Dialect.forVersion(version());
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }

    /** Builds a {@link ServerEndpoint}; {@link #build()} validates. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 3306;
        private String user = "root";
        private Secret password = Secret.none();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The host name or address; not empty. */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is empty; give a host name or address such as 127.0.0.1");
            }
            this.host = host.trim();
            return this;
        }

        /** The TCP port, 1-65535. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range; use 1-65535");
            }
            this.port = port;
            return this;
        }

        /** "host:port" or "host" (port 3306); IPv6 as "[::1]:3306". */
        public Builder address(String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("address is empty; use host:port, e.g. 127.0.0.1:3306");
            }
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            if (a.startsWith("[")) {
                int close = a.indexOf(']');
                host(a.substring(1, close));
                colon = a.indexOf(':', close);
            } else if (colon > 0 && a.indexOf(':') == colon) {
                host(a.substring(0, colon));
            } else {
                host(a);
                colon = -1;
            }
            if (colon > 0) {
                String p = a.substring(colon + 1);
                try {
                    port(Integer.parseInt(p));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("port '" + p + "' in address '" + address + "' is not a number; use host:port, e.g. 127.0.0.1:3306");
                }
            }
            return this;
        }

        /** The account name; not empty. */
        public Builder user(String user) {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("user is empty; give the account name, e.g. root");
            }
            this.user = user;
            return this;
        }

        /** The account's password. */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** A Connector/J property for every connection (e.g. sslMode=REQUIRED). "password" and "user" are refused. */
        public Builder property(String name, String value) {
            if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("user")) {
                throw new IllegalArgumentException("set the " + name + " with user(...)/password(Secret), not as a property");
            }
            properties.put(name, value);
            return this;
        }

        /** The endpoint. */
        public ServerEndpoint build() {
            return new ServerEndpoint(this);
        }
    }
}
