package io.cqrs.admin;

import io.cqrs.common.dialect.ReplicationSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    @Test
    void toStrings_nameTheOrigin_neverTheValue() throws Exception {
        Path f = Files.createTempFile("pw", ".txt");
        Files.writeString(f, "s3cr3t-from-file\n");
        Secret file = Secret.fromFile(f);
        assertThat(file.reveal()).isEqualTo("s3cr3t-from-file");
        assertThat(file.toString()).doesNotContain("s3cr3t").contains(f.toString());
        ServerEndpoint e = ServerEndpoint.builder().address("db1:3307").user("admin").password(Secret.of("given-pw")).build();
        assertThat(e.toString()).isEqualTo("admin@db1:3307").doesNotContain("given-pw");
        assertThat(e.jdbcUrl("x")).doesNotContain("given-pw");
        assertThat(new ReplicationSource("h", 1, "repl", "replpw").toString()).doesNotContain("replpw");
    }

    @Test
    void missingSources_sayTheFix() {
        assertThatThrownBy(() -> Secret.fromEnv("CQRS_NO_SUCH_VARIABLE_42").reveal())
                .hasMessageContaining("CQRS_NO_SUCH_VARIABLE_42 is not set");
        assertThatThrownBy(() -> Secret.fromFile(Path.of("/nonexistent/pw")).reveal())
                .hasMessageContaining("/nonexistent/pw").hasMessageContaining("mode 0600");
    }

    @Test
    void adminExceptions_maskPasswordsInSql() {
        assertThat(new AdminException("CHANGE MASTER TO MASTER_PASSWORD='hunter2' failed").getMessage())
                .doesNotContain("hunter2").contains("****");
    }

    @Test
    void addresses_areParsedWithClearErrors() {
        ServerEndpoint e = ServerEndpoint.builder().address("[::1]:3310").build();
        assertThat(e.host()).isEqualTo("::1");
        assertThat(e.port()).isEqualTo(3310);
        assertThat(ServerEndpoint.builder().address("db").build().port()).isEqualTo(3306);
        assertThatThrownBy(() -> ServerEndpoint.builder().address("db:x")).hasMessageContaining("'x'").hasMessageContaining("host:port");
    }
}
