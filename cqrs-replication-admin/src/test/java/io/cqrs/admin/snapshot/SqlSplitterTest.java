package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.util.List;

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
}
