package io.cqrs.sandbox;

import io.cqrs.admin.Secret;
import io.cqrs.admin.ServerEndpoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * What tests of a sandbox ask its servers: an admin {@link ServerEndpoint} for a server, row counts
 * and checksums of a database, one value of a query, statements to run, and a bounded wait for a
 * condition (no fixed sleeps in assertions).
 */
public final class SandboxTools {

    private SandboxTools() {
    }

    /** The admin library's endpoint for a sandbox server (root, no password). */
    public static ServerEndpoint endpoint(SandboxServer server) {
        return ServerEndpoint.builder().host(server.host()).port(server.port()).user("root").password(Secret.none()).build();
    }

    /** CHECKSUM TABLE and COUNT(*) of every base table of a database, keyed by table. */
    public static Map<String, String> checksums(SandboxServer server, String database) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database
                    + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                String q = "`" + database.replace("`", "``") + "`.`" + t.replace("`", "``") + "`";
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE " + q)) {
                    rs.next();
                    String sum = rs.getString(2);
                    try (ResultSet rc = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + q)) {
                        rc.next();
                        out.put(t, "rows=" + rc.getLong(1) + " checksum=" + sum);
                    }
                }
            }
        }
        return out;
    }

    /** The first column of the first row of {@code sql} as a number (e.g. a {@code COUNT(*)}). */
    public static long count(SandboxServer server, String sql) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the first row of {@code sql} as text. */
    public static String string(SandboxServer server, String sql) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Polls (every 20 ms) until the condition holds or the deadline passes (no fixed sleeps in assertions). */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** {@link #eventually}, failing with an {@link AssertionError} that names {@code what} when the deadline passes. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        if (!eventually(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout.toMillis() + "ms waiting for: " + what);
        }
    }

    /** Runs the statements in order on one root connection. */
    public static void exec(SandboxServer server, String... sql) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
