package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pool behind one endpoint, as the router uses it: borrow, count what is borrowed, retire
 * idle connections, close. HikariCP in production ({@link #hikari}); tests plug in their own.
 */
interface EndpointPool {

    Connection getConnection() throws SQLException;

    /** Connections borrowed and not yet returned. */
    int active();

    /** Connections open (idle and borrowed); -1 when the pool cannot tell. */
    default int total() {
        return -1;
    }

    /** Closes the idle connections; borrowed ones are closed when they come back. */
    void evictIdle();

    /** HikariCP's statistics, or null for another pool. */
    HikariPoolMXBean mxBean();

    /**
     * Whether statements may be created on the driver's connection under a borrowed one, past the pool's own
     * statement proxies ({@link Lease#statements()}), the logical connection then doing their bookkeeping. False
     * by default. HikariCP: unless the pool has an {@code exceptionOverrideClassName}, which its statement proxies
     * would consult.
     */
    default boolean statementsOnDriver() {
        return false;
    }

    void close();

    /** A HikariCP pool. Its own bookkeeping counts borrowed connections, so the router keeps no counter per borrow. */
    static EndpointPool hikari(HikariDataSource ds) {
        return new EndpointPool() {
            @Override
            public Connection getConnection() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public int active() {
                HikariPoolMXBean bean = ds.getHikariPoolMXBean();
                return bean == null ? 0 : bean.getActiveConnections();
            }

            @Override
            public int total() {
                HikariPoolMXBean bean = ds.getHikariPoolMXBean();
                return bean == null ? -1 : bean.getTotalConnections();
            }

            @Override
            public void evictIdle() {
                HikariPoolMXBean bean = ds.getHikariPoolMXBean();
                if (bean != null) {
                    bean.softEvictConnections();
                }
            }

            @Override
            public HikariPoolMXBean mxBean() {
                return ds.getHikariPoolMXBean();
            }

            @Override
            public boolean statementsOnDriver() {
                return ds.getExceptionOverrideClassName() == null && ds.getExceptionOverride() == null;
            }

            @Override
            public void close() {
                ds.close();
            }
        };
    }
}
