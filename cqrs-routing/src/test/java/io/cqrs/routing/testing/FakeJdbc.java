package io.cqrs.routing.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDBC connection whose answers come from a lambda: enough for probes and waiters. */
public final class FakeJdbc {

    /** Answers one statement: a result, or throws. */
    @FunctionalInterface
    public interface Responder {
        Result answer(String sql, List<Object> params) throws SQLException;
    }

    /** Rows with column labels; {@link #NONE} for statements without a result. */
    public record Result(List<String> columns, List<Object[]> rows) {
        public static final Result NONE = new Result(List.of(), List.of());

        public static Result of(List<String> columns, Object[]... rows) {
            return new Result(columns, Arrays.asList(rows));
        }

        public static Result single(Object value) {
            return new Result(List.of("c1"), List.<Object[]>of(new Object[] {value}));
        }
    }

    public final List<String> executed = new CopyOnWriteArrayList<>();
    public final List<List<Object>> parameters = new CopyOnWriteArrayList<>();
    private volatile Responder responder;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedCount = new AtomicInteger();

    public FakeJdbc(Responder responder) {
        this.responder = responder;
    }

    public void respond(Responder responder) {
        this.responder = responder;
    }

    /** Every connection handed out so far has been closed (and there was at least one). */
    public boolean isClosed() {
        int n = opened.get();
        return n > 0 && closedCount.get() == n;
    }

    /** A new connection with its own open/closed state; its statements answer through the responder. */
    public Connection connection() {
        opened.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return proxy(Connection.class, (p, m, a) -> switch (m.getName()) {
            case "createStatement" -> statement(null);
            case "prepareStatement" -> statement((String) a[0]);
            case "close" -> {
                if (closed.compareAndSet(false, true)) {
                    closedCount.incrementAndGet();
                }
                yield null;
            }
            case "isClosed" -> closed.get();
            case "isValid" -> !closed.get();
            case "isWrapperFor" -> false;
            case "getAutoCommit" -> true;
            case "toString" -> "FakeJdbc";
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == a[0];
            default -> defaultValue(m);
        });
    }

    private PreparedStatement statement(String preparedSql) {
        Map<Integer, Object> params = new TreeMap<>();
        ResultSet[] last = new ResultSet[1];
        return proxy(PreparedStatement.class, (p, m, a) -> {
            String name = m.getName();
            if (name.startsWith("set") && a != null && a.length == 2 && a[0] instanceof Integer i) {
                params.put(i, a[1] instanceof BigDecimal bd ? bd.stripTrailingZeros() : a[1]);
                return null;
            }
            switch (name) {
                case "executeQuery", "execute", "executeUpdate", "executeLargeUpdate" -> {
                    String sql = preparedSql != null ? preparedSql : (String) a[0];
                    executed.add(sql);
                    List<Object> ps = new ArrayList<>(params.values());
                    parameters.add(ps);
                    Result r = responder.answer(sql, ps);
                    last[0] = resultSet(r == null ? Result.NONE : r);
                    return switch (name) {
                        case "executeQuery" -> last[0];
                        case "execute" -> r != null && !r.columns().isEmpty();
                        case "executeUpdate" -> 1;
                        default -> 1L;
                    };
                }
                case "getResultSet" -> {
                    return last[0];
                }
                case "toString" -> {
                    return "FakeStatement";
                }
                default -> {
                    return defaultValue(m);
                }
            }
        });
    }

    private static ResultSet resultSet(Result r) {
        int[] row = {-1};
        boolean[] wasNull = {false};
        ResultSetMetaData md = proxy(ResultSetMetaData.class, (p, m, a) -> switch (m.getName()) {
            case "getColumnCount" -> r.columns().size();
            case "getColumnLabel", "getColumnName" -> r.columns().get((Integer) a[0] - 1);
            default -> defaultValue(m);
        });
        return proxy(ResultSet.class, (p, m, a) -> {
            String name = m.getName();
            switch (name) {
                case "next" -> {
                    return ++row[0] < r.rows().size();
                }
                case "getMetaData" -> {
                    return md;
                }
                case "wasNull" -> {
                    return wasNull[0];
                }
                case "findColumn" -> {
                    return index(r, (String) a[0]);
                }
                case "close" -> {
                    return null;
                }
                default -> {
                }
            }
            if (name.startsWith("get") && a != null && a.length == 1) {
                int col = a[0] instanceof Integer i ? i : index(r, (String) a[0]);
                Object v = r.rows().get(row[0])[col - 1];
                wasNull[0] = v == null;
                return convert(v, m.getReturnType());
            }
            return defaultValue(m);
        });
    }

    private static int index(Result r, String label) throws SQLException {
        for (int i = 0; i < r.columns().size(); i++) {
            if (r.columns().get(i).equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw new SQLException("Column '" + label + "' not found.", "S0022");
    }

    private static Object convert(Object v, Class<?> type) {
        if (type == String.class) {
            return v == null ? null : v.toString();
        }
        if (type == long.class) {
            return v == null ? 0L : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
        }
        if (type == int.class) {
            return v == null ? 0 : v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString());
        }
        if (type == double.class) {
            return v == null ? 0d : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
        }
        if (type == boolean.class) {
            return v != null && (v instanceof Boolean b ? b : !"0".equals(v.toString()));
        }
        return v;
    }

    private static Object defaultValue(Method m) {
        Class<?> t = m.getReturnType();
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        return null;
    }

    @FunctionalInterface
    private interface Handler {
        Object invoke(Object proxy, Method m, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler h) {
        InvocationHandler ih = (p, m, a) -> {
            try {
                return h.invoke(p, m, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(FakeJdbc.class.getClassLoader(), new Class<?>[] {type}, ih);
    }
}
