package io.cqrs.common;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's flavour and version, parsed from {@code SELECT VERSION()}.
 *
 * <p>Connector/J reports MariaDB as "5.5.5-10.11.5-MariaDB" through its metadata, so the
 * flavour is decided from the version string itself: anything containing "MariaDB" is MariaDB,
 * and the "5.5.5-" replication-compatibility prefix is dropped.
 */
public record ServerVersion(ServerFlavor flavor, int major, int minor, int patch, String raw)
        implements Comparable<ServerVersion> {

    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Checks that flavour and raw text are present. */
    public ServerVersion {
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(raw, "raw");
    }

    /** A version from its numbers; the raw text is {@code major.minor.patch}. */
    public static ServerVersion of(ServerFlavor flavor, int major, int minor, int patch) {
        return new ServerVersion(flavor, major, minor, patch, major + "." + minor + "." + patch);
    }

    /**
     * Parses a {@code VERSION()} string such as {@code 8.0.15}, {@code 8.4.3-log},
     * {@code 10.11.5-MariaDB-log} or {@code 5.5.5-10.11.5-MariaDB}.
     *
     * @throws IllegalArgumentException if the string holds no version number
     */
    public static ServerVersion parse(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("server version is empty; expected the result of SELECT VERSION(), e.g. 8.0.15 or 10.11.5-MariaDB");
        }
        String v = version.trim();
        boolean maria = v.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        String numbers = v;
        if (maria && v.startsWith("5.5.5-")) {
            numbers = v.substring("5.5.5-".length());
        }
        Matcher m = NUMBERS.matcher(numbers);
        if (!m.find()) {
            throw new IllegalArgumentException("cannot read a version number from '" + version
                    + "'; expected the result of SELECT VERSION(), e.g. 8.0.15 or 10.11.5-MariaDB");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new ServerVersion(maria ? ServerFlavor.MARIADB : ServerFlavor.MYSQL,
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, v);
    }

    /** Asks the server with {@code SELECT VERSION()}. */
    public static ServerVersion detect(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            if (!rs.next()) {
                throw new SQLException("SELECT VERSION() returned no row");
            }
            return parse(rs.getString(1));
        }
    }

    /** True for MariaDB. */
    public boolean isMariaDb() {
        return flavor == ServerFlavor.MARIADB;
    }

    /** True for MySQL. */
    public boolean isMySql() {
        return flavor == ServerFlavor.MYSQL;
    }

    /** True when this version is at least {@code major.minor.patch} (same flavour assumed). */
    public boolean atLeast(int major, int minor, int patch) {
        return compareNumbers(major, minor, patch) >= 0;
    }

    private int compareNumbers(int major, int minor, int patch) {
        if (this.major != major) {
            return Integer.compare(this.major, major);
        }
        if (this.minor != minor) {
            return Integer.compare(this.minor, minor);
        }
        return Integer.compare(this.patch, patch);
    }

    @Override
    public int compareTo(ServerVersion o) {
        int c = flavor.compareTo(o.flavor);
        return c != 0 ? c : compareNumbers(o.major, o.minor, o.patch);
    }

    /** e.g. "MySQL 8.0.15" or "MariaDB 10.11.5". */
    public String describe() {
        return flavor.displayName() + " " + major + "." + minor + "." + patch;
    }

    @Override
    public String toString() {
        return describe();
    }
}
