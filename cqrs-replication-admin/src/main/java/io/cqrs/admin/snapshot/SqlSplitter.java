package io.cqrs.admin.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL script text into statements the way the mysql/mariadb client does, fed one line at
 * a time (so files of any size stream through). Understands single, double and backtick quotes
 * with backslash escapes and doubled quotes, {@code -- } and {@code #} comments, block comments,
 * {@code /*!NNNNN ... *}{@code /} conditional comments (kept: the server runs them), statements over
 * many lines and several on one line, and the client's {@code DELIMITER} command. Comment lines
 * between statements are reported too (dumps keep GTID hints there).
 */
public final class SqlSplitter {

    /** A piece of the script: a statement (without its delimiter) or a comment line between statements. */
    public record Piece(boolean statement, String text, long line) {
    }

    private final StringBuilder buffer = new StringBuilder();
    private String delimiter = ";";
    private char quote;
    private long quoteLine;
    private boolean blockComment;
    private long commentLine;
    private long statementLine;

    public String delimiter() {
        return delimiter;
    }

    /** Feeds one line (without its line terminator); returns the pieces it completed. */
    public List<Piece> feed(String line, long lineNumber) {
        List<Piece> out = new ArrayList<>(1);
        boolean idle = quote == 0 && !blockComment && buffer.toString().isBlank();
        if (idle) {
            String t = line.strip();
            if (t.isEmpty()) {
                buffer.setLength(0);
                return out;
            }
            if (t.regionMatches(true, 0, "DELIMITER", 0, 9) && (t.length() == 9 || Character.isWhitespace(t.charAt(9)))) {
                String d = t.substring(9).strip();
                if (d.isEmpty()) {
                    throw new IllegalArgumentException("line " + lineNumber + ": DELIMITER without a delimiter");
                }
                delimiter = d.split("\\s+")[0];
                return out;
            }
            if (t.startsWith("/*M!999999\\-")) {
                // mariadb-dump's "enable the sandbox mode" line: a client command, not a statement
                out.add(new Piece(false, t, lineNumber));
                return out;
            }
            if (t.startsWith("#") || (t.startsWith("--") && (t.length() == 2 || Character.isWhitespace(t.charAt(2))))) {
                out.add(new Piece(false, t, lineNumber));
                return out;
            }
        }
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (buffer.isEmpty() && quote == 0 && !blockComment) {
                if (Character.isWhitespace(c)) {
                    continue;
                }
                statementLine = lineNumber;
            }
            if (quote != 0) {
                buffer.append(c);
                if (c == '\\' && quote != '`') {
                    if (i + 1 < n) {
                        buffer.append(line.charAt(++i));
                    }
                } else if (c == quote) {
                    if (i + 1 < n && line.charAt(i + 1) == quote) {
                        buffer.append(line.charAt(++i));
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            if (blockComment) {
                buffer.append(c);
                if (c == '*' && i + 1 < n && line.charAt(i + 1) == '/') {
                    buffer.append('/');
                    i++;
                    blockComment = false;
                }
                continue;
            }
            if (line.startsWith(delimiter, i)) {
                String s = buffer.toString().strip();
                if (!s.isEmpty()) {
                    out.add(new Piece(true, s, statementLine));
                }
                buffer.setLength(0);
                i += delimiter.length() - 1;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                quoteLine = lineNumber;
                buffer.append(c);
            } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '*') {
                blockComment = true;
                commentLine = lineNumber;
                buffer.append("/*");
                i++;
            } else if (c == '#' || (c == '-' && line.startsWith("--", i) && (i + 2 == n || Character.isWhitespace(line.charAt(i + 2))))) {
                break;
            } else {
                buffer.append(c);
            }
        }
        if (!buffer.isEmpty() || quote != 0) {
            buffer.append('\n');
        }
        return out;
    }

    /**
     * Ends the script. Returns null when everything was complete, else what is unfinished (a
     * cut-off file): an open quote or comment, or a statement without its delimiter.
     */
    public String finish() {
        if (quote != 0) {
            return "a " + (quote == '`' ? "backtick-quoted identifier" : "quoted string") + " opened at line " + quoteLine + " is never closed";
        }
        if (blockComment) {
            return "a /* comment opened at line " + commentLine + " is never closed";
        }
        String rest = buffer.toString().strip();
        if (!rest.isEmpty()) {
            return "the statement starting at line " + statementLine + " has no terminating '" + delimiter + "' ("
                    + abbreviate(rest, 60) + ")";
        }
        return null;
    }

    /** Splits a whole script (tests, small files). */
    public static List<Piece> split(String script) {
        SqlSplitter s = new SqlSplitter();
        List<Piece> out = new ArrayList<>();
        long no = 0;
        for (String line : script.split("\n", -1)) {
            out.addAll(s.feed(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, ++no));
        }
        String problem = s.finish();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return out;
    }

    static String abbreviate(String s, int max) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }

    static String upperStart(String s, int n) {
        return s.substring(0, Math.min(n, s.length())).toUpperCase(Locale.ROOT);
    }
}
