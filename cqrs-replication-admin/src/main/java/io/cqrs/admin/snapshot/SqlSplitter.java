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

    /**
     * A piece of the script: a statement (without its delimiter) or a comment line between statements.
     *
     * @param rows the rows of an {@code INSERT}/{@code REPLACE ... VALUES (...),(...)} statement (its
     *             value lists, counted while splitting: parentheses and commas inside strings,
     *             identifiers, comments and the values themselves do not count), 0 for other pieces
     */
    public record Piece(boolean statement, String text, long line, long rows) {

        public Piece(boolean statement, String text, long line) {
            this(statement, text, line, 0);
        }
    }

    /** Row counting states of the statement being read. */
    private static final int NOT_COUNTING = 0;
    private static final int BEFORE_VALUES = 1;
    private static final int EXPECT_ROW = 2;
    private static final int AFTER_ROW = 3;

    private final Buffer buffer = new Buffer();
    private final boolean utf8Bytes;
    private char[] chars = new char[256];
    private String delimiter = ";";
    private char quote;
    private long quoteLine;
    private boolean blockComment;
    private long commentLine;
    private long statementLine;
    private int depth;
    private int rowState;
    private long rows;

    public SqlSplitter() {
        this(false);
    }

    /**
     * @param utf8Bytes the lines are UTF-8 bytes one char per byte (as {@link DumpReader} reads
     *                  them): excerpts in messages are decoded
     */
    SqlSplitter(boolean utf8Bytes) {
        this.utf8Bytes = utf8Bytes;
    }

    public String delimiter() {
        return delimiter;
    }

    /** Feeds one line (without its line terminator); returns the pieces it completed. */
    public List<Piece> feed(String line, long lineNumber) {
        List<Piece> out = List.of(); // most lines complete nothing: no list for them
        // the buffer never starts with whitespace (leading whitespace is skipped below), so "only
        // whitespace so far" is "empty": no scan of the buffer per line
        boolean idle = quote == 0 && !blockComment && buffer.isEmpty();
        if (idle) {
            String t = line.strip();
            if (t.isEmpty()) {
                return List.of();
            }
            if (t.regionMatches(true, 0, "DELIMITER", 0, 9) && (t.length() == 9 || Character.isWhitespace(t.charAt(9)))) {
                String d = t.substring(9).strip();
                if (d.isEmpty()) {
                    throw new IllegalArgumentException("line " + lineNumber + ": DELIMITER without a delimiter");
                }
                delimiter = d.split("\\s+")[0];
                return List.of();
            }
            if (t.startsWith("/*M!999999\\-")) {
                // mariadb-dump's "enable the sandbox mode" line: a client command, not a statement
                return List.of(new Piece(false, t, lineNumber));
            }
            if (t.startsWith("#") || (t.startsWith("--") && (t.length() == 2 || Character.isWhitespace(t.charAt(2))))) {
                return List.of(new Piece(false, t, lineNumber));
            }
        }
        int n = line.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        char[] cs = chars; // array reads, not a charAt call per character (the loop runs for every byte of a dump)
        line.getChars(0, n, cs, 0);
        // start of this line's characters not yet appended to the buffer: appended in runs, not one by one
        int from = quote != 0 || blockComment ? 0 : -1;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (quote != 0) {
                char q = quote;
                boolean escapes = q != '`';
                while (true) { // to the end of the string or of the line
                    if (c == '\\' && escapes) {
                        i++; // the escaped character (if on this line) stays in the string
                    } else if (c == q) {
                        if (i + 1 < n && cs[i + 1] == q) {
                            i++;
                        } else {
                            quote = 0;
                            break;
                        }
                    }
                    if (++i >= n) {
                        break;
                    }
                    c = cs[i];
                }
                continue;
            }
            if (blockComment) {
                if (c == '*' && i + 1 < n && cs[i + 1] == '/') {
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
                    rowState = keyword(line, i, "INSERT") || keyword(line, i, "REPLACE") ? BEFORE_VALUES : NOT_COUNTING;
                    depth = 0;
                    rows = 0;
                }
                from = i;
            }
            if (c == delimiter.charAt(0) && line.startsWith(delimiter, i)) {
                buffer.append(line, from, i);
                from = -1;
                if (!buffer.isEmpty()) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>(2);
                    }
                    out.add(new Piece(true, buffer.text(), statementLine, rows));
                }
                buffer.clear();
                rowState = NOT_COUNTING;
                rows = 0;
                i += delimiter.length() - 1;
                continue;
            }
            if (rowState != NOT_COUNTING) {
                if (depth > 0) { // inside a value list: only parentheses matter here
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    }
                } else {
                    i = countRows(line, i, c);
                }
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                quoteLine = lineNumber;
            } else if (c == '/' && i + 1 < n && cs[i + 1] == '*') {
                blockComment = true;
                commentLine = lineNumber;
                i++;
            } else if (c == '#' || (c == '-' && i + 1 < n && cs[i + 1] == '-' && (i + 2 == n || Character.isWhitespace(cs[i + 2])))) {
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
     * Follows the value lists of an INSERT/REPLACE at character {@code i} (outside quotes and
     * comments): a {@code (} at depth 0 right after {@code VALUES} or after a {@code ,} that
     * follows a value list starts a row. Anything else between the lists (ON DUPLICATE KEY ...,
     * AS alias) ends the counting. Called at depth 0 only. Returns the index of the last character
     * it consumed.
     */
    private int countRows(String line, int i, char c) {
        if (c == '(') {
            depth++;
            if (rowState == EXPECT_ROW) {
                rows++;
                rowState = AFTER_ROW;
            }
            return i;
        }
        if (Character.isWhitespace(c) || c == ')' || c == '#' || c == '-' && line.startsWith("--", i)
                || c == '/' && line.startsWith("/*", i)) {
            return i; // comments are the splitter's business
        }
        if (rowState == BEFORE_VALUES) {
            if ((c == 'V' || c == 'v') && (i == 0 || !identifierChar(line.charAt(i - 1)))) {
                int word = keyword(line, i, "VALUES") ? 6 : keyword(line, i, "VALUE") ? 5 : 0;
                if (word > 0) {
                    rowState = EXPECT_ROW;
                    return i + word - 1;
                }
            }
            return i;
        }
        if (c == ',' && rowState == AFTER_ROW) {
            rowState = EXPECT_ROW;
            return i;
        }
        rowState = NOT_COUNTING; // rows counted so far stay
        return i;
    }

    /** True when {@code line} has the keyword (any case) at {@code i}, not followed by more of an identifier. */
    private static boolean keyword(String line, int i, String word) {
        int end = i + word.length();
        return line.regionMatches(true, i, word, 0, word.length()) && (end == line.length() || !identifierChar(line.charAt(end)));
    }

    private static boolean identifierChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80;
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
                    + (utf8Bytes ? DumpReader.excerpt(rest, 60) : abbreviate(rest, 60)) + ")";
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
