package io.cqrs.routing.stub;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The behaviour of one stub connection: keeps session state, records changes and executions. */
final class StubConnectionHandler implements InvocationHandler {

    private final StubServer server;
    private final int id;
    private final String url;
    private Connection self;
    private volatile boolean closed;
    private volatile boolean broken;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = Connection.TRANSACTION_REPEATABLE_READ;
    private String catalog = "app";
    private String schema;
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private int networkTimeout;
    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();

    StubConnectionHandler(StubServer server, int id, String url) {
        this.server = server;
        this.id = id;
        this.url = url;
    }

    void breakConnection() {
        broken = true;
    }

    private void check() throws SQLException {
        if (closed) {
            throw new SQLException("stub connection closed", "08003");
        }
        if (broken) {
            throw new SQLNonTransientConnectionException("Communications link failure: stub server '" + server.name() + "' died", "08S01");
        }
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] a) throws Throwable {
        self = (Connection) proxy;
        String n = m.getName();
        switch (n) {
            case "toString":
                return "StubConnection[" + server.name() + "#" + id + "]";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == a[0];
            case "close":
                if (!closed) {
                    closed = true;
                }
                return null;
            case "abort":
                closed = true;
                server.record(id, "abort");
                return null;
            case "isClosed":
                return closed;
            case "isValid":
                return !closed && !broken;
            case "unwrap":
                return ((Class<?>) a[0]).cast(proxy);
            case "isWrapperFor":
                return ((Class<?>) a[0]).isInstance(proxy);
            default:
                break;
        }
        if (closed || server.statementsNeedServer()) {
            check();
        }
        switch (n) {
            // like Connector/J's client-side statements: creating one sends nothing, so a dead server
            // shows only when it executes
            case "createStatement":
                server.record(id, n);
                return statement(Statement.class, null);
            case "prepareStatement":
                server.record(id, n);
                return statement(PreparedStatement.class, (String) a[0]);
            default:
                break;
        }
        check();
        switch (n) {
            case "getAutoCommit": return autoCommit;
            case "isReadOnly": return readOnly;
            case "getTransactionIsolation": return isolation;
            case "getCatalog": return catalog;
            case "getSchema": return schema;
            case "getHoldability": return holdability;
            case "getNetworkTimeout": return networkTimeout;
            case "getClientInfo":
                return a == null ? clientInfo : clientInfo.getProperty((String) a[0]);
            case "getTypeMap": return typeMap;
            case "getWarnings": return null;
            case "clearWarnings": return null;
            case "nativeSQL": return a[0];
            case "getMetaData": return metaData();
            default:
                break;
        }
        server.record(id, describe(n, a));
        switch (n) {
            case "setAutoCommit": autoCommit = (Boolean) a[0]; return null;
            case "setReadOnly": readOnly = (Boolean) a[0]; return null;
            case "setTransactionIsolation": isolation = (Integer) a[0]; return null;
            case "setCatalog": catalog = (String) a[0]; return null;
            case "setSchema": schema = (String) a[0]; return null;
            case "setHoldability": holdability = (Integer) a[0]; return null;
            case "setNetworkTimeout": networkTimeout = (Integer) a[1]; return null;
            case "setTypeMap": typeMap = castMap(a[0]); return null;
            case "setClientInfo":
                if (a.length == 1) {
                    clientInfo.clear();
                    clientInfo.putAll((Properties) a[0]);
                } else {
                    clientInfo.setProperty((String) a[0], (String) a[1]);
                }
                return null;
            case "commit":
            case "rollback":
            case "releaseSavepoint":
                return null;
            case "setSavepoint":
                return (Savepoint) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Savepoint.class},
                        (p, sm, sa) -> switch (sm.getName()) {
                            case "getSavepointName", "toString" -> a == null ? "sp" : a[0];
                            case "hashCode" -> System.identityHashCode(p);
                            case "equals" -> p == sa[0];
                            default -> 1;
                        });
            case "createStatement":
                return statement(Statement.class, null);
            case "prepareStatement":
                return statement(PreparedStatement.class, (String) a[0]);
            case "prepareCall":
                return statement(CallableStatement.class, (String) a[0]);
            default:
                throw new SQLException("stub does not implement " + n);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<?>> castMap(Object o) {
        return (Map<String, Class<?>>) o;
    }

    private static String describe(String n, Object[] a) {
        if (a == null || a.length == 0) {
            return n;
        }
        if (n.equals("setNetworkTimeout")) {
            return n + "(" + a[1] + ")";
        }
        if (n.startsWith("prepare") || n.startsWith("create") || a.length > 1) {
            return n;
        }
        return n + "(" + a[0] + ")";
    }

    private Object metaData() {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DatabaseMetaData.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getURL": return url;
                case "getDatabaseProductName": return "Stub";
                case "getConnection": return self;
                case "toString": return "StubMetaData[" + server.name() + "]";
                default: return defaultValue(m.getReturnType());
            }
        });
    }

    private Object statement(Class<? extends Statement> type, String preparedSql) {
        boolean[] stClosed = {false};
        Object[] lastResult = {null};
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, (p, m, a) -> {
            String n = m.getName();
            switch (n) {
                case "close": stClosed[0] = true; return null;
                case "isClosed": return stClosed[0];
                case "getConnection": return self;
                case "toString": return "StubStatement[" + server.name() + "#" + id + "]";
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == a[0];
                case "unwrap": return ((Class<?>) a[0]).cast(p);
                case "isWrapperFor": return ((Class<?>) a[0]).isInstance(p);
                default: break;
            }
            if (stClosed[0]) {
                throw new SQLException("statement closed", "HY010");
            }
            // setters stay on the client, as in Connector/J
            if (n.startsWith("set") && a != null && a.length == 2 && a[0] instanceof Integer i) {
                server.record(id, "param:" + i + "=" + a[1]);
                return null;
            }
            if (n.startsWith("set") && a != null && a.length == 1) {
                server.record(id, n + "(" + a[0] + ")");
                return null;
            }
            check();
            if (n.startsWith("execute")) {
                String sql = a != null && a.length > 0 && a[0] instanceof String s ? s : preparedSql;
                server.record(id, "execute:" + sql);
                boolean query = sql != null && sql.trim().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT");
                lastResult[0] = query ? resultSet(server.answerFor(sql)) : null;
                if (n.equals("executeQuery")) {
                    return lastResult[0];
                }
                if (n.equals("execute")) {
                    return query;
                }
                if (n.equals("executeBatch")) {
                    return new int[0];
                }
                if (n.equals("executeLargeBatch")) {
                    return new long[0];
                }
                return defaultValue(m.getReturnType());
            }
            if (n.equals("getResultSet")) {
                Object rs = lastResult[0];
                lastResult[0] = null;
                return rs;
            }
            if (n.equals("getUpdateCount")) {
                return -1;
            }
            return defaultValue(m.getReturnType());
        });
    }

    /** One row whose first column is the answer (by default the server's name). */
    private Object resultSet(Object value) {
        int[] row = {0};
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ResultSet.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "next": return ++row[0] == 1;
                case "getString": return String.valueOf(value);
                case "getObject": return value;
                case "getLong": return value instanceof Number n ? n.longValue() : 0L;
                case "getInt": return value instanceof Number n ? n.intValue() : 0;
                case "close": return null;
                case "toString": return "StubResultSet";
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == a[0];
                default: return defaultValue(m.getReturnType());
            }
        });
    }

    static Object defaultValue(Class<?> t) {
        if (!t.isPrimitive()) {
            return null;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == void.class) {
            return null;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == double.class) {
            return 0d;
        }
        if (t == float.class) {
            return 0f;
        }
        if (t == short.class) {
            return (short) 0;
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        if (t == char.class) {
            return '\0';
        }
        return 0;
    }
}
