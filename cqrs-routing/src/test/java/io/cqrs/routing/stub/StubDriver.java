package io.cqrs.routing.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A JDBC driver for tests, answering {@code jdbc:stub:<server>}. Each server records every state
 * change and statement made on its connections, and can be told to refuse connections or to
 * break the ones it gave out.
 */
public final class StubDriver implements Driver {

    public static final String PREFIX = "jdbc:stub:";
    private static final Map<String, StubServer> SERVERS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The server with this name, created on first use. */
    public static StubServer server(String name) {
        return SERVERS.computeIfAbsent(name, StubServer::new);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String name = url.substring(PREFIX.length());
        int q = name.indexOf('?');
        if (q >= 0) {
            name = name.substring(0, q);
        }
        StubServer server = server(name);
        if (server.isRefusing()) {
            throw new SQLNonTransientConnectionException("Connection refused: stub server '" + name + "' is down", "08S01");
        }
        return server.open(url);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
