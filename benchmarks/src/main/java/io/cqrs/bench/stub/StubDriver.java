package io.cqrs.bench.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver that does no I/O, for measuring what a pool or router adds on top of a
 * driver. URLs are {@code jdbc:stub:<endpoint>}; every connection answers
 * {@code executeQuery} with one row holding a constant, and {@code executeUpdate} with 1.
 * For overhead benchmarks only: it checks nothing.
 */
public final class StubDriver implements Driver {

    public static final String PREFIX = "jdbc:stub:";

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Makes sure the driver is registered (class initialisation does it). */
    public static void register() {
        // class initialisation registers the driver
    }

    @Override
    public Connection connect(String url, Properties info) {
        return acceptsURL(url) ? new StubConnection(url.substring(PREFIX.length())) : null;
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
        throw new SQLFeatureNotSupportedException("no java.util.logging in the stub driver");
    }
}
