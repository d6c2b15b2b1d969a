package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlSplitterTest {

    private static List<String> statements(String sql) {
        return SqlSplitter.split(sql).stream().filter(SqlSplitter.Piece::statement).map(SqlSplitter.Piece::text).toList();
    }

    @Test
    void semicolonsInsideQuotesAndComments_doNotSplit() {
        assertThat(statements("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`); SELECT 1 /* x; y */;\nSELECT 2 -- tail; comment\n;"))
                .containsExactly("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`)", "SELECT 1 /* x; y */", "SELECT 2");
    }

    @Test
    void escapedAndDoubledQuotes_stayInsideTheString() {
        assertThat(statements("SELECT 'it\\'s; here', 'a''b;c', '\\\\';")).containsExactly("SELECT 'it\\'s; here', 'a''b;c', '\\\\'");
    }

    @Test
    void conditionalComments_areKeptAsStatements() {
        assertThat(statements("/*!40101 SET NAMES utf8mb4 */;\n/*!40014 SET FOREIGN_KEY_CHECKS=0 */;"))
                .containsExactly("/*!40101 SET NAMES utf8mb4 */", "/*!40014 SET FOREIGN_KEY_CHECKS=0 */");
    }

    @Test
    void delimiterBlocks_keepRoutineBodiesWhole() {
        String sql = "DELIMITER ;;\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT ';;';\nEND ;;\nDELIMITER ;\nSELECT 3;";
        assertThat(statements(sql)).containsExactly("CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT ';;';\nEND", "SELECT 3");
    }

    @Test
    void multiLineStringsKeepTheirNewlines() {
        assertThat(statements("SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ 'a:1-5,\nb:1-3';"))
                .containsExactly("SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ 'a:1-5,\nb:1-3'");
    }

    @Test
    void mariadbDumpSandboxModeLine_isNotAStatement() {
        assertThat(statements("/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\nSELECT 1;")).containsExactly("SELECT 1");
    }

    @Test
    void commentLinesBetweenStatements_areReported() {
        List<SqlSplitter.Piece> pieces = SqlSplitter.split("-- SET GLOBAL gtid_slave_pos='0-1-5';\n# hash\nSELECT 1;");
        assertThat(pieces).extracting(SqlSplitter.Piece::statement).containsExactly(false, false, true);
        assertThat(pieces.get(0).text()).isEqualTo("-- SET GLOBAL gtid_slave_pos='0-1-5';");
    }

    @Test
    void cutOffScripts_sayWhatIsUnfinished() {
        assertThatThrownBy(() -> SqlSplitter.split("SELECT 1;\nINSERT INTO t VALUES (1,'abc")).hasMessageContaining("quoted string opened at line 2");
        assertThatThrownBy(() -> SqlSplitter.split("SELECT 1;\nINSERT INTO t VALUES (1)")).hasMessageContaining("statement starting at line 2 has no terminating ';'");
        assertThatThrownBy(() -> SqlSplitter.split("/* open")).hasMessageContaining("comment opened at line 1");
    }

    @Test
    void gtidLines_ofAllFormats_areRead() {
        assertThat(DumpStatements.gtid("SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n"
                + "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-3'")).contains("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-3");
        assertThat(DumpStatements.gtid("SET @@GLOBAL.GTID_PURGED='u:1-2'")).contains("u:1-2");
        assertThat(DumpStatements.gtid("SET GLOBAL gtid_slave_pos = '0-1-5,1-2-7'")).contains("0-1-5,1-2-7");
        assertThat(DumpStatements.gtidComment("-- SET GLOBAL gtid_slave_pos='0-1-13';")).contains("0-1-13");
        assertThat(DumpStatements.gtid("SELECT 1")).isEmpty();
        assertThat(DumpStatements.skipReason("SET @@SESSION.SQL_LOG_BIN = @MYSQLDUMP_TEMP_LOG_BIN")).contains("sql_log_bin");
        assertThat(DumpStatements.skipReason("CHANGE MASTER TO MASTER_LOG_FILE='b.000001', MASTER_LOG_POS=4")).contains("replication");
        assertThat(DumpStatements.skipReason("INSERT INTO t VALUES ('SET GLOBAL gtid_slave_pos')")).isNull();
    }

    /**
     * A mariadb-dump INSERT has one row per line; a 200,000-line statement must cost work in
     * proportion to its size. Counted, not timed: the characters read back out of the statement
     * buffer (none per line: a line must not rescan what came before it) and the bytes this thread
     * allocates (checked every 1,000 lines, so a per-line copy of the buffer fails within a few
     * thousand lines instead of running for hours).
     */
    @Test
    void aStatementOf200kLines_costsWorkLinearInItsSize() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled())
                .as("this JVM counts allocated bytes per thread (HotSpot does)").isTrue();
        int lines = 200_000;
        SqlSplitter s = new SqlSplitter();
        long allocatedBefore = mx.getCurrentThreadAllocatedBytes();
        long fed = 0;
        List<SqlSplitter.Piece> last = List.of();
        for (int i = 0; i <= lines; i++) {
            String line = i == 0 ? "INSERT INTO `t` VALUES"
                    : "(" + i + ",'row " + i + " (x),(y); -- not a comment',0x00FF,NULL)" + (i < lines ? "," : ";");
            long readBefore = s.bufferCharsRead();
            last = s.feed(line, i + 1);
            fed += line.length() + 1;
            if (i < lines) {
                assertThat(last).isEmpty();
                assertThat(s.bufferCharsRead() - readBefore).as("buffer characters read at line %d", i + 1).isZero();
            }
            if (i % 1_000 == 0) {
                long allocated = mx.getCurrentThreadAllocatedBytes() - allocatedBefore;
                assertThat(allocated).as("bytes allocated after %,d lines (%,d characters fed)", i + 1, fed)
                        .isLessThan(40 * fed + (4 << 20));
            }
        }
        assertThat(last).hasSize(1);
        assertThat(last.get(0).text()).startsWith("INSERT INTO `t` VALUES\n(1,'row 1 (x),(y); -- not a comment',0x00FF,NULL),\n(2,")
                .endsWith("(200000,'row 200000 (x),(y); -- not a comment',0x00FF,NULL)")
                .hasSize((int) fed - 2);
        assertThat(s.bufferCharsRead()).as("characters read back in all").isLessThanOrEqualTo(fed);
        assertThat(mx.getCurrentThreadAllocatedBytes() - allocatedBefore).isLessThan(40 * fed + (4 << 20));
    }

    private static final String[] FRAGMENTS = {
            "SELECT 1", "INSERT INTO t VALUES ", "(1,'a')", ",", ";", ";;", " ", "  \t", "\n", "\n", "\n", "\r\n", "'a;b'", "'it\\'s'",
            "'x''y'", "\"q;\"", "`id;`", "`a``b`", "/* c; */", "/*!40101 SET x=1 */", "-- comment\n", "--x", "-- ", "#", "# hash\n",
            "DELIMITER ;;\n", "DELIMITER ;\n", "DELIMITER $$\n", "DELIMITER\n", "$$", "\\", "'", "\"", "`", "/*", "*/", "*", "/",
            "-", "(", ")", "END", "é", "名前", "\u00a0", "/*M!999999\\- enable the sandbox mode */\n", "USE `db`", "BEGIN\n",
    };

    /**
     * The splitter gives exactly the pieces and complaints of the one it replaced (kept as
     * {@link ReferenceSqlSplitter}) on 20,000 random scripts built from the awkward parts of SQL
     * (quotes, escapes, comments, DELIMITER, blank lines, CRLF).
     */
    @Test
    void randomScripts_splitExactlyAsTheReferenceSplitterDoes() {
        Random random = new Random(20261202);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int parts = random.nextInt(40);
            for (int k = 0; k < parts; k++) {
                sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            String script = sb.toString();
            assertThat(run(script, true)).as("script %s", script.replace("\n", "\\n")).isEqualTo(run(script, false));
        }
    }

    private static List<Long> rows(String sql) {
        return SqlSplitter.split(sql).stream().filter(SqlSplitter.Piece::statement).map(SqlSplitter.Piece::rows).toList();
    }

    @Test
    void rowsOfExtendedInserts_areCounted_ignoringWhatIsInsideStringsIdentifiersAndComments() {
        assertThat(rows("INSERT INTO `t` VALUES\n(1,'a'),\n(2,'),('),\n(3,'it\\'s),(x'),\n(4,\"\"\"),(\"),\n(5,'a''),(b');")).containsExactly(5L);
        assertThat(rows("INSERT INTO `values` (`a`, `b),(`) VALUES (1,CONCAT('x', LOWER('Y'))),(2,(SELECT 1)) , /* ),( */ (3, 0x00);"))
                .containsExactly(3L);
        assertThat(rows("insert ignore into myvalues values(1),(2);\nREPLACE INTO t VALUE (1);\nINSERT INTO t(a) VALUES (1)\n -- ),(\n,(2)\n# ),(\n,(3);"))
                .containsExactly(2L, 1L, 3L);
        assertThat(rows("INSERT INTO t VALUES (1),(2) ON DUPLICATE KEY UPDATE a = VALUES(a), b = (1);")).containsExactly(2L);
        assertThat(rows("INSERT INTO t SELECT * FROM u, (SELECT 1) x;\nSELECT (1),(2);\nCREATE TABLE t (a INT, b INT);\n"
                + "/*!40000 ALTER TABLE `t` DISABLE KEYS */;\nSET @a = 'INSERT INTO t VALUES (1),(2)';")).containsExactly(0L, 0L, 0L, 0L, 0L);
        assertThat(rows("DELIMITER ;;\nINSERT INTO t VALUES (1),(2);(3) ;;\nDELIMITER ;\nINSERT INTO t VALUES (';;'),(2);")).containsExactly(2L, 2L);
    }

    @Test
    void rowsOfRandomInserts_matchTheRowsWritten() {
        Random random = new Random(42);
        String[] values = {"1", "-2.5", "NULL", "0x00FF", "'a'", "'),('", "'(('", "'\\''", "''''", "'名前'", "'a;b'", "'-- x'", "'# y'", "'/* z'",
                "\"),(\"", "CONCAT('(', ')')", "(1)", "_utf8mb4'x'", "'\\\\'"};
        for (int n = 0; n < 2_000; n++) {
            int rowCount = 1 + random.nextInt(30);
            StringBuilder sb = new StringBuilder("INSERT INTO `t` VALUES");
            for (int r = 0; r < rowCount; r++) {
                sb.append(r == 0 ? (random.nextBoolean() ? "\n" : " ") : random.nextBoolean() ? ",\n" : ",").append('(');
                for (int v = random.nextInt(4); v >= 0; v--) {
                    sb.append(values[random.nextInt(values.length)]).append(v > 0 ? "," : "");
                }
                sb.append(')');
            }
            String sql = sb.append(";\nSELECT 1;").toString();
            assertThat(rows(sql)).as(sql).containsExactly((long) rowCount, 0L);
        }
    }

    @Test
    void abbreviate_collapsesWhitespace_andCutsAsTheRegexDid_withoutReadingTheWholeText() {
        Random random = new Random(7);
        String alphabet = "ab \t\n\r\u000b\f名";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            int max = random.nextInt(12);
            String one = s.replaceAll("\\s+", " ");
            assertThat(SqlSplitter.abbreviate(s, max)).as("'%s' to %d", s, max)
                    .isEqualTo(one.length() <= max ? one : one.substring(0, max) + "...");
        }
        CharSequence huge = new CharSequence() { // a "statement" that fails when read past its start
            public int length() {
                return Integer.MAX_VALUE;
            }

            public char charAt(int i) {
                assertThat(i).as("character read").isLessThan(1_000);
                return i % 7 == 0 ? ' ' : 'x';
            }

            public CharSequence subSequence(int start, int end) {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(SqlSplitter.abbreviate(huge, 100)).hasSize(103).endsWith("...");
    }

    /** The pieces and the finish() complaint (or the exception) of one splitter, as text. */
    private static List<String> run(String script, boolean current) {
        SqlSplitter s = new SqlSplitter();
        ReferenceSqlSplitter r = new ReferenceSqlSplitter();
        List<String> out = new ArrayList<>();
        long no = 0;
        try {
            for (String line : script.split("\n", -1)) {
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                no++;
                for (SqlSplitter.Piece p : current ? s.feed(l, no) : r.feed(l, no)) {
                    out.add(p.statement() + " line " + p.line() + ": " + p.text());
                }
            }
            out.add("finish: " + (current ? s.finish() : r.finish()));
        } catch (IllegalArgumentException e) {
            out.add("thrown: " + e.getMessage());
        }
        return out;
    }
}
