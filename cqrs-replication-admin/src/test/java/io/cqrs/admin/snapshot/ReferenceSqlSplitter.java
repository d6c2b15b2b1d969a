package io.cqrs.admin.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The splitter as it was before it was made linear (commit 9d95d06), kept verbatim as the
 * reference {@link SqlSplitterTest} compares the current one with on random scripts: same pieces,
 * same complaints. It rescans its whole buffer on every line, so it is only fit for small inputs.
 */
final class ReferenceSqlSplitter {

    private final StringBuilder buffer = new StringBuilder();
    private String delimiter = ";";
    private char quote;
    private long quoteLine;
    private boolean blockComment;
    private long commentLine;
    private long statementLine;

    private static String abbreviate(String s, int max) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }

    private static SqlSplitter.Piece piece(boolean statement, String text, long line) {
        return new SqlSplitter.Piece(statement, text, line);
    }

    List<SqlSplitter.Piece> feed(String line, long lineNumber) {
        List<SqlSplitter.Piece> out = new ArrayList<>(1);
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
                out.add(piece(false, t, lineNumber));
                return out;
            }
            if (t.startsWith("#") || (t.startsWith("--") && (t.length() == 2 || Character.isWhitespace(t.charAt(2))))) {
                out.add(piece(false, t, lineNumber));
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
                    out.add(piece(true, s, statementLine));
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

    String finish() {
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
}
