package io.cqrs.admin.snapshot;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes the statements of a dump that restore reads but does not run. Looks at a statement's
 * first keyword before any pattern, so a multi-megabyte INSERT costs a few character comparisons.
 */
final class DumpStatements {

    private static final String WRAP = "(?:/\\*!\\d*\\s*)?";
    private static final Pattern MYSQL_GTID = Pattern.compile(
            "(?is)^" + WRAP + "SET\\s+@@GLOBAL\\.GTID_PURGED\\s*=\\s*(?:/\\*!\\d*\\s*'\\+'\\s*\\*/\\s*)?'([^']*)'.*");
    private static final Pattern MARIADB_GTID = Pattern.compile(
            "(?is)^" + WRAP + "SET\\s+(?:GLOBAL\\s+|@@GLOBAL\\.)gtid_slave_pos\\s*=\\s*'([^']*)'.*");
    private static final Pattern MARIADB_GTID_COMMENT = Pattern.compile(
            "(?i)^--\\s*SET\\s+(?:GLOBAL\\s+|@@GLOBAL\\.)gtid_slave_pos\\s*=\\s*'([^']*)'.*");
    private static final Pattern SQL_LOG_BIN = Pattern.compile("(?is)^" + WRAP + "SET\\s+.*\\bSQL_LOG_BIN\\s*=.*");
    private static final Pattern REPLICATION = Pattern.compile(
            "(?is)^" + WRAP + "(?:CHANGE\\s+(?:MASTER|REPLICATION\\s+SOURCE)\\b|(?:START|STOP)\\s+(?:SLAVE|REPLICA)\\b|RESET\\s+(?:MASTER|SLAVE|REPLICA|BINARY\\s+LOGS)\\b).*");

    private DumpStatements() {
    }

    /**
     * The first keyword of a statement in upper case (after a {@code /*!NNNNN} version opener),
     * or "" when it does not start with a word. Reads only the statement's first characters.
     */
    static String firstKeyword(String statement) {
        int i = 0;
        int n = statement.length();
        if (statement.startsWith("/*!") || statement.startsWith("/*M!")) {
            i = statement.indexOf('!') + 1;
            while (i < n && (Character.isDigit(statement.charAt(i)) || Character.isWhitespace(statement.charAt(i)))) {
                i++;
            }
        }
        int start = i;
        while (i < n && i - start < 16 && Character.isLetter(statement.charAt(i))) {
            i++;
        }
        return statement.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /** The GTID position a statement sets, if it is a GTID statement. */
    static Optional<String> gtid(String statement) {
        if (!firstKeyword(statement).equals("SET")) {
            return Optional.empty();
        }
        for (Pattern p : new Pattern[] {MYSQL_GTID, MARIADB_GTID}) {
            Matcher m = p.matcher(statement);
            if (m.matches()) {
                return Optional.of(m.group(1).replaceAll("\\s+", ""));
            }
        }
        return Optional.empty();
    }

    /** The GTID position in a mariadb-dump comment such as {@code -- SET GLOBAL gtid_slave_pos='0-1-5';}. */
    static Optional<String> gtidComment(String comment) {
        Matcher m = MARIADB_GTID_COMMENT.matcher(comment);
        return m.matches() ? Optional.of(m.group(1).replaceAll("\\s+", "")) : Optional.empty();
    }

    /** Why restore skips this statement, or null to run it. */
    static String skipReason(String statement) {
        switch (firstKeyword(statement)) {
            case "SET" -> {
                if (gtid(statement).isPresent()) {
                    return "GTID position (applied by start-replication after its checks)";
                }
                if (SQL_LOG_BIN.matcher(statement).matches()) {
                    return "sql_log_bin (restore keeps it 0 for the whole load)";
                }
                return null;
            }
            case "CHANGE", "START", "STOP", "RESET" -> {
                return REPLICATION.matcher(statement).matches() ? "replication control (use start-replication/reset-replication)" : null;
            }
            default -> {
                return null;
            }
        }
    }
}
