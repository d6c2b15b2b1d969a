package io.cqrs.routing.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.PoolConfig;
import io.cqrs.routing.health.EndpointBreakers;

import java.util.Properties;

/** Builds one HikariCP pool per endpoint. */
public final class PoolFactory {

    private PoolFactory() {
    }

    /**
     * A pool for the endpoint. Order of precedence: the router's fixed settings (URL, credentials,
     * auto-commit on, read-only per role, never wait for the endpoint at start-up) over the
     * endpoint's own HikariCP properties over {@code cqrs.pool.*}.
     */
    public static EndpointRuntime create(EndpointConfig e, EndpointRole role, PoolConfig pool, boolean replicaPoolsReadOnly,
                                         EndpointBreakers.Handle breaker) {
        boolean readOnly = role == EndpointRole.REPLICA && replicaPoolsReadOnly;
        return new EndpointRuntime(e, role, hikari(e, pool, readOnly), () -> hikari(e, pool, readOnly), readOnly, breaker);
    }

    private static EndpointPool hikari(EndpointConfig e, PoolConfig pool, boolean readOnly) {
        Properties p = new Properties();
        p.setProperty("maximumPoolSize", Integer.toString(pool.maximumPoolSize()));
        p.setProperty("minimumIdle", Integer.toString(pool.minimumIdle()));
        p.setProperty("connectionTimeout", Long.toString(pool.connectionTimeout().toMillis()));
        pool.hikariProperties().forEach(p::setProperty);
        e.hikariProperties().forEach(p::setProperty);
        if (!p.containsKey("validationTimeout")) {
            // a dead idle connection must be found well within one borrow's connectionTimeout
            p.setProperty("validationTimeout", Long.toString(Math.max(250, pool.connectionTimeout().toMillis() / 2)));
        }
        HikariConfig hc = new HikariConfig(p);
        hc.setJdbcUrl(e.jdbcUrl());
        if (e.username() != null) {
            hc.setUsername(e.username());
        }
        if (e.password() != null) {
            hc.setPassword(e.password());
        }
        hc.setPoolName("cqrs-" + e.name());
        hc.setAutoCommit(true);
        hc.setReadOnly(readOnly);
        hc.setInitializationFailTimeout(-1);
        return EndpointPool.hikari(new HikariDataSource(hc));
    }

    /**
     * Warns once at start for replica URLs without connect/socket timeouts: without them a hung
     * (not dead) replica holds a borrow or a statement until the operating system gives up.
     */
    static void warnAboutTimeouts(io.cqrs.routing.RoutingConfig config) {
        for (EndpointConfig r : config.replicas()) {
            String url = r.jdbcUrl().toLowerCase(java.util.Locale.ROOT);
            boolean connect = url.contains("connecttimeout=") || r.hikariProperties().containsKey("dataSource.connectTimeout");
            boolean socket = url.contains("sockettimeout=") || r.hikariProperties().containsKey("dataSource.socketTimeout");
            if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
                if (!connect || !socket) {
                    org.slf4j.LoggerFactory.getLogger(PoolFactory.class).warn(
                            "replica '{}' URL has no {}: a hung replica then blocks borrows and statements for minutes;"
                                    + " add e.g. connectTimeout=1000&socketTimeout=5000 to cqrs.replicas[N].url",
                            r.name(), !connect && !socket ? "connectTimeout and socketTimeout" : !connect ? "connectTimeout" : "socketTimeout");
                }
            }
        }
    }
}
