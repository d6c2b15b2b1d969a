package io.cqrs.common.dialect;

import io.cqrs.common.ServerVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cqrs.common.dialect.Dialect.mask;
import static io.cqrs.common.dialect.Dialect.quote;
import static org.assertj.core.api.Assertions.assertThat;

class DialectMaskAndQuoteTest {

    static final List<String> VERSIONS = List.of(
            "8.0.15", "8.0.22", "8.0.23", "8.0.26", "8.4.0",
            "10.4.32-MariaDB", "10.5.1-MariaDB", "5.5.5-10.11.5-MariaDB-log");

    /** Passwords that break naive masking: quotes, backslashes, text that looks like the next option. */
    static final List<String> NASTY_PASSWORDS = List.of(
            "s3cret", "it's", "''", "'", "\\", "end\\", "a\\'b", "x', MASTER_USER='evil",
            "two\nlines", "nul\0byte", "dollar$1", "\"dq\"", "");

    @Test
    void mask_hidesEachLiteralPasswordForm() {
        assertThat(mask("CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='s3cret', MASTER_PORT=3306"))
                .isEqualTo("CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='****', MASTER_PORT=3306");
        assertThat(mask("CHANGE REPLICATION SOURCE TO SOURCE_PASSWORD = 's3cret'"))
                .isEqualTo("CHANGE REPLICATION SOURCE TO SOURCE_PASSWORD = '****'");
        assertThat(mask("change master to master_password='s3cret'"))
                .isEqualTo("change master to master_password='****'");
        assertThat(mask("CREATE USER 'repl'@'%' IDENTIFIED BY 's3cret'"))
                .isEqualTo("CREATE USER 'repl'@'%' IDENTIFIED BY '****'");
        assertThat(mask("ALTER USER 'repl'@'%' IDENTIFIED   BY\n'it''s'"))
                .isEqualTo("ALTER USER 'repl'@'%' IDENTIFIED   BY\n'****'");
    }

    @Test
    void mask_hidesOtherServerPasswordSyntaxes() {
        assertThat(mask("CREATE USER 'r'@'%' IDENTIFIED WITH caching_sha2_password BY 's3cret'"))
                .isEqualTo("CREATE USER 'r'@'%' IDENTIFIED WITH caching_sha2_password BY '****'");
        assertThat(mask("CREATE USER 'r'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*94BDCEBE19083CE2'"))
                .isEqualTo("CREATE USER 'r'@'%' IDENTIFIED WITH 'mysql_native_password' AS '****'");
        assertThat(mask("CREATE USER r IDENTIFIED VIA ed25519 USING PASSWORD('s3cret') OR unix_socket"))
                .isEqualTo("CREATE USER r IDENTIFIED VIA ed25519 USING PASSWORD('****') OR unix_socket");
        assertThat(mask("GRANT USAGE ON *.* TO r IDENTIFIED BY PASSWORD '*94BDCEBE19083CE2'"))
                .isEqualTo("GRANT USAGE ON *.* TO r IDENTIFIED BY PASSWORD '****'");
        assertThat(mask("SET PASSWORD FOR 'repl'@'%' = 's3cret'"))
                .isEqualTo("SET PASSWORD FOR 'repl'@'%' = '****'");
        assertThat(mask("SET PASSWORD = PASSWORD('s3cret')"))
                .isEqualTo("SET PASSWORD = PASSWORD('****')");
        assertThat(mask("CHANGE MASTER TO MASTER_PASSWORD=\"s3cret\", MASTER_USER='repl'"))
                .isEqualTo("CHANGE MASTER TO MASTER_PASSWORD='****', MASTER_USER='repl'");
    }

    @Test
    void mask_hidesEveryPasswordInOneStatement() {
        String sql = "CREATE USER a IDENTIFIED BY 'one'; ALTER USER b IDENTIFIED BY 'two'";

        assertThat(mask(sql)).isEqualTo("CREATE USER a IDENTIFIED BY '****'; ALTER USER b IDENTIFIED BY '****'");
    }

    @Test
    void mask_leavesStatementsWithoutPasswordsAlone() {
        assertThat(mask("SELECT password FROM t WHERE note = 'IDENTIFIED'")).isEqualTo("SELECT password FROM t WHERE note = 'IDENTIFIED'");
        assertThat(mask("START REPLICA")).isEqualTo("START REPLICA");
        assertThat(mask(null)).isNull();
    }

    @Test
    void mask_hidesNastyPasswordsInEveryDialectStatementThatCarriesOne() {
        for (String version : VERSIONS) {
            Dialect d = Dialect.forVersion(ServerVersion.parse(version));
            for (String pw : NASTY_PASSWORDS) {
                List<String> statements = List.of(
                        d.changeSource(new ReplicationSource("h", 3306, "repl", pw)),
                        d.createReplicationUser("repl", "%", pw),
                        d.alterReplicationUserPassword("repl", "%", pw));
                for (String sql : statements) {
                    assertThat(sql).as("%s builds the quoted password into: %s", version, sql).contains(quote(pw));
                    assertThat(mask(sql)).as("%s, password [%s]", version, pw)
                            .isEqualTo(sql.replace(quote(pw), "'****'"));
                }
            }
        }
    }

    @Test
    void quote_escapesQuotesBackslashesAndControlCharacters() {
        assertThat(quote("plain")).isEqualTo("'plain'");
        assertThat(quote("")).isEqualTo("''");
        assertThat(quote("it's")).isEqualTo("'it\\'s'");
        assertThat(quote("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(quote("end\\")).isEqualTo("'end\\\\'");
        assertThat(quote("l1\nl2\rx")).isEqualTo("'l1\\nl2\\rx'");
        assertThat(quote("nul\0z\u001a")).isEqualTo("'nul\\0z\\Z'");
        assertThat(quote("\"double\" `tick`")).isEqualTo("'\"double\" `tick`'");
        assertThat(quote("x', MASTER_USER='evil")).isEqualTo("'x\\', MASTER_USER=\\'evil'");
    }

    @Test
    void quoteIdentifier_doublesBackticks() {
        assertThat(Dialect.quoteIdentifier("sample_db")).isEqualTo("`sample_db`");
        assertThat(Dialect.quoteIdentifier("we`ird")).isEqualTo("`we``ird`");
    }
}
