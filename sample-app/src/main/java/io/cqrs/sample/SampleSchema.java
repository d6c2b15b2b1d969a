package io.cqrs.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sample app's tables ({@code categories}, {@code products}) and a few rows, all idempotent.
 * Run on the source; replication brings them to the replicas.
 */
public final class SampleSchema {

    /** The database of the runbook this app replaces. */
    public static final String DATABASE = "sample_db";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private SampleSchema() {
    }

    /** {@code CREATE DATABASE IF NOT EXISTS} on a connection to the source. */
    public static void createDatabase(Connection source, String database) throws SQLException {
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' must be 1-64 letters, digits or '_'");
        }
        try (Statement st = source.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` DEFAULT CHARACTER SET utf8mb4");
        }
    }

    /** Creates the tables in the connection's current database. */
    public static void createTables(Connection c) throws SQLException {
        run(c, "schema.sql");
    }

    /** Inserts the sample rows (those that are already there are kept). */
    public static void insertSampleRows(Connection c) throws SQLException {
        run(c, "sample-rows.sql");
    }

    private static void run(Connection c, String resource) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements(load(resource))) {
                st.execute(sql);
            }
        }
    }

    /** Splits a script at {@code ;} line ends, dropping {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            if (t.endsWith(";")) {
                cur.append(t, 0, t.length() - 1);
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(t).append('\n');
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    private static String load(String resource) {
        try (InputStream in = SampleSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource io/cqrs/sample/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
