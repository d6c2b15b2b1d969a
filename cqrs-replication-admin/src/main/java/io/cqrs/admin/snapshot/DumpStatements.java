package io.cqrs.admin.snapshot;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes the statements of a dump that restore reads but does not run, and the ones that need
 * a default database. Looks at a statement's first keyword before any pattern, and patterns only
 * at the statement's start, so a multi-megabyte INSERT costs a few character comparisons.
 */
final class DumpStatements {

    /** The longest statement start the table patterns look at (keywords, definer, a quoted name). */
    private static final int HEAD = 4096;
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
    private static final String DEFINER = "(?:DEFINER\\s*=\\s*\\S+\\s+)?";
    /** Statements on one table, view or routine, up to its name; group 1 is the name, group 2 a following dot. */
    private static final Pattern ON_A_NAME = Pattern.compile("(?is)" + WRAP + "(?:"
            + "DROP\\s+(?:TEMPORARY\\s+)?(?:TABLES?|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?"
            + "|CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + "|CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?" + DEFINER + "(?:SQL\\s+SECURITY\\s+\\w+\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + "|CREATE\\s+(?:OR\\s+REPLACE\\s+)?" + DEFINER + "(?:AGGREGATE\\s+)?(?:PROCEDURE|FUNCTION|TRIGGER|EVENT)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + "|(?:INSERT|REPLACE)(?:\\s+(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE))*\\s+(?:INTO\\s+)?"
            + "|LOCK\\s+TABLES?\\s+"
            + "|ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE\\s+"
            + "|TRUNCATE\\s+(?:TABLE\\s+)?"
            + "|DELETE\\s+(?:LOW_PRIORITY\\s+)?(?:QUICK\\s+)?(?:IGNORE\\s+)?FROM\\s+"
            + ")(`(?:[^`]|``)+`|[\\w$\\x{80}-\\x{FFFF}]+)\\s*(\\.)?");
    private static final Pattern USE = Pattern.compile("(?is)" + WRAP + "USE\\s+\\S");

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

    /** True for {@code USE db}: the statements after it have a default database. */
    static boolean selectsDatabase(String statement) {
        return firstKeyword(statement).equals("USE") && USE.matcher(statement).region(0, Math.min(statement.length(), HEAD)).lookingAt();
    }

    /**
     * True when the statement names a table, view or routine without its database (DROP/CREATE
     * TABLE, INSERT, LOCK TABLES, ... on {@code `t`} rather than {@code `db`.`t`}): it fails with
     * "No database selected" unless the session has a default database.
     */
    static boolean needsDefaultDatabase(String statement) {
        switch (firstKeyword(statement)) {
            case "DROP", "CREATE", "INSERT", "REPLACE", "LOCK", "ALTER", "TRUNCATE", "DELETE" -> {
                Matcher m = ON_A_NAME.matcher(statement).region(0, Math.min(statement.length(), HEAD));
                return m.lookingAt() && m.group(2) == null;
            }
            default -> {
                return false;
            }
        }
    }

    /** True for {@code SET ...} (session settings of a dump's prologue): running it loads nothing. */
    static boolean setsVariables(String statement) {
        return firstKeyword(statement).equals("SET");
    }
}
