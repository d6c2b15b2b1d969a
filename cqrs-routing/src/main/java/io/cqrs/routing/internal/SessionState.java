package io.cqrs.routing.internal;

import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The session settings an application set on a logical connection besides auto-commit and the
 * read-only flag (which the connection keeps itself: they decide routing and transactions):
 * isolation, catalog, schema, holdability, client info, type map, network timeout. Created on the
 * first such setting, so a connection that sets none allocates none.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Record: a setting made before the borrow is only recorded; one made while a physical
 *       connection is held is also applied to it, unless it would change nothing.</li>
 *   <li>Replay: a freshly borrowed connection gets what was recorded, skipping what the pool
 *       already hands out ({@link SessionDefaults}: HikariCP resets every returned connection to
 *       them, they are learned once per endpoint).</li>
 *   <li>Known defaults: a getter before the borrow answers from what was recorded, else from the
 *       learned defaults, without borrowing.</li>
 * </ul>
 */
final class SessionState {

    static final int UNSET = Integer.MIN_VALUE;

    private int isolation = UNSET;
    private boolean catalogSet;
    private String catalog;
    private boolean schemaSet;
    private String schema;
    private int holdability = UNSET;
    private Properties clientInfo;
    private Map<String, Class<?>> typeMap;
    private Executor networkExecutor;
    private int networkTimeout = UNSET;

    /** Brings a fresh physical connection to the recorded state, skipping what already matches {@code d}. */
    void replay(Connection p, SessionDefaults d) throws SQLException {
        if (isolation != UNSET && isolation != d.isolation()) {
            p.setTransactionIsolation(isolation);
        }
        if (catalogSet && !Objects.equals(catalog, d.catalog())) {
            p.setCatalog(catalog);
        }
        if (schemaSet && !Objects.equals(schema, d.schema())) {
            p.setSchema(schema);
        }
        if (holdability != UNSET && holdability != d.holdability()) {
            p.setHoldability(holdability);
        }
        if (clientInfo != null) {
            p.setClientInfo(clientInfo);
        }
        if (typeMap != null) {
            p.setTypeMap(typeMap);
        }
        if (networkTimeout != UNSET) {
            p.setNetworkTimeout(networkExecutor, networkTimeout);
        }
    }

    // ---- isolation, catalog, schema, holdability: held = the physical connection or null ----

    void isolation(int level, Connection held, SessionDefaults heldDefaults) throws SQLException {
        if (held != null) {
            int current = isolation != UNSET ? isolation : heldDefaults.isolation();
            if (current != level) {
                held.setTransactionIsolation(level);
            }
        }
        isolation = level;
    }

    /** The recorded isolation, else the known default, else {@link #UNSET}. */
    int isolation(SessionDefaults known) {
        return isolation != UNSET ? isolation : known != null ? known.isolation() : UNSET;
    }

    void catalog(String value, Connection held) throws SQLException {
        if (held != null) {
            held.setCatalog(value);
        }
        catalog = value;
        catalogSet = true;
    }

    boolean catalogKnown(SessionDefaults known) {
        return catalogSet || known != null;
    }

    String catalog(SessionDefaults known) {
        return catalogSet ? catalog : known.catalog();
    }

    void schema(String value, Connection held) throws SQLException {
        if (held != null) {
            held.setSchema(value);
        }
        schema = value;
        schemaSet = true;
    }

    boolean schemaKnown(SessionDefaults known) {
        return schemaSet || known != null;
    }

    String schema(SessionDefaults known) {
        return schemaSet ? schema : known.schema();
    }

    void holdability(int value, Connection held) throws SQLException {
        if (held != null && value != holdability) {
            held.setHoldability(value);
        }
        holdability = value;
    }

    /** The recorded holdability, else the known default, else {@link #UNSET}. */
    int holdability(SessionDefaults known) {
        return holdability != UNSET ? holdability : known != null ? known.holdability() : UNSET;
    }

    // ---- type map, network timeout, client info ----

    void typeMap(Map<String, Class<?>> map, Connection held) throws SQLException {
        if (held != null) {
            held.setTypeMap(map);
        }
        typeMap = map;
    }

    /** The recorded type map, or null. */
    Map<String, Class<?>> typeMap() {
        return typeMap;
    }

    void networkTimeout(Executor executor, int milliseconds, Connection held) throws SQLException {
        if (milliseconds < 0) {
            throw new SQLException("network timeout must be >= 0, was " + milliseconds, "HY000");
        }
        if (held != null) {
            held.setNetworkTimeout(executor, milliseconds);
        }
        networkExecutor = executor;
        networkTimeout = milliseconds;
    }

    /** The recorded network timeout, or {@link #UNSET}. */
    int networkTimeout() {
        return networkTimeout;
    }

    void clientInfo(String name, String value, Connection held) throws SQLClientInfoException {
        if (held != null) {
            held.setClientInfo(name, value);
        }
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    void clientInfo(Properties properties, Connection held) throws SQLClientInfoException {
        if (held != null) {
            held.setClientInfo(properties);
        }
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        clientInfo = copy;
    }

    /** A copy of the recorded client info, or null when none was set. */
    Properties clientInfo() {
        if (clientInfo == null) {
            return null;
        }
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    static SQLClientInfoException closed(Map<String, ClientInfoStatus> failed) {
        return new SQLClientInfoException("Connection is closed", "08003", 0, failed);
    }
}
