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

    private final Buffer buffer = new Buffer();
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
        List<Piece> out = new ArrayList<>(0); // no array until a piece is added: most lines complete none
        // the buffer never starts with whitespace (leading whitespace is skipped below), so "only
        // whitespace so far" is "empty": no scan of the buffer per line
        boolean idle = quote == 0 && !blockComment && buffer.isEmpty();
        if (idle) {
            String t = line.strip();
            if (t.isEmpty()) {
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
        // start of this line's characters not yet appended to the buffer: appended in runs, not one by one
        int from = quote != 0 || blockComment ? 0 : -1;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++; // the escaped character (if on this line) stays in the string
                } else if (c == quote) {
                    if (i + 1 < n && line.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            if (blockComment) {
                if (c == '*' && i + 1 < n && line.charAt(i + 1) == '/') {
                    i++;
                    blockComment = false;
                }
                continue;
            }
            if (from < 0) {
                if (buffer.isEmpty()) {
                    if (Character.isWhitespace(c)) {
                        continue;
                    }
                    statementLine = lineNumber;
                }
                from = i;
            }
            if (line.startsWith(delimiter, i)) {
                buffer.append(line, from, i);
                from = -1;
                if (!buffer.isEmpty()) {
                    out.add(new Piece(true, buffer.text(), statementLine));
                }
                buffer.clear();
                i += delimiter.length() - 1;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                quoteLine = lineNumber;
            } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '*') {
                blockComment = true;
                commentLine = lineNumber;
                i++;
            } else if (c == '#' || (c == '-' && line.startsWith("--", i) && (i + 2 == n || Character.isWhitespace(line.charAt(i + 2))))) {
                buffer.append(line, from, i);
                from = -1;
                break;
            }
        }
        if (from >= 0) {
            buffer.append(line, from, n);
        }
        if (!buffer.isEmpty()) {
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
        if (!buffer.isEmpty()) {
            String rest = buffer.text();
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

    /**
     * The start of {@code s} on one line (whitespace runs become one space), at most {@code max}
     * characters and "..." when cut. Reads only about {@code max} characters, whatever the length of
     * {@code s} (a statement may be megabytes).
     */
    static String abbreviate(CharSequence s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
            if (!ws) {
                sb.append(c);
            } else if (!space) {
                sb.append(' ');
            }
            space = ws;
            if (sb.length() > max) {
                return sb.substring(0, max) + "...";
            }
        }
        return sb.toString();
    }

    /** Chars read back out of the buffer so far (a test hook: stays linear in the input). */
    long bufferCharsRead() {
        return buffer.charsRead;
    }

    /**
     * The text of the statement being read. Every read of its characters is counted, so a test can
     * hold the splitter to work linear in its input (the per-line whole-buffer scan this replaced
     * made a 16,000-line INSERT cost seconds).
     */
    static final class Buffer {
        private final StringBuilder sb = new StringBuilder(1024);
        long charsRead;

        boolean isEmpty() {
            return sb.isEmpty();
        }

        void append(String s, int from, int to) {
            sb.append(s, from, to);
        }

        void append(char c) {
            sb.append(c);
        }

        void clear() {
            sb.setLength(0);
        }

        /** The text without trailing whitespace (it never starts with any). */
        String text() {
            int end = sb.length();
            while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) {
                end--;
            }
            charsRead += sb.length();
            return sb.substring(0, end);
        }
    }

    static String upperStart(String s, int n) {
        return s.substring(0, Math.min(n, s.length())).toUpperCase(Locale.ROOT);
    }
}
