package io.cqrs.sample;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleConfigTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void envName_upperCasesAndTurnsPunctuationIntoUnderscores() {
        assertThat(SampleConfig.envName("cqrs.replicas[0].password-file")).isEqualTo("CQRS_REPLICAS_0_PASSWORD_FILE");
        assertThat(SampleConfig.envName("sample.grpc.port")).isEqualTo("SAMPLE_GRPC_PORT");
        assertThat(SampleConfig.envName("cqrs.pool.hikari.dataSource.cachePrepStmts")).isEqualTo("CQRS_POOL_HIKARI_DATASOURCE_CACHEPREPSTMTS");
    }

    @Test
    void layers_fileThenEnvThenSystemProperties() {
        Properties file = props("cqrs.source.url", "jdbc:mysql://file:3306/db", "sample.grpc.port", "1111",
                "cqrs.pool.hikari.dataSource.cachePrepStmts", "true");
        Map<String, String> env = Map.of("CQRS_SOURCE_URL", "jdbc:mysql://env:3306/db", "SAMPLE_GRPC_PORT", "2222",
                "CQRS_REPLICAS_0_URL", "jdbc:mysql://envreplica:3306/db",
                "CQRS_POOL_HIKARI_DATASOURCE_CACHEPREPSTMTS", "false", "PATH", "/usr/bin");
        Properties system = props("sample.grpc.port", "3333", "java.version", "17", "cqrs.routing.selector", "least-in-flight");

        Properties merged = SampleConfig.layered(file, env, system);

        assertThat(merged.getProperty("cqrs.source.url")).isEqualTo("jdbc:mysql://env:3306/db");
        assertThat(merged.getProperty("cqrs.replicas[0].url")).isEqualTo("jdbc:mysql://envreplica:3306/db");
        assertThat(merged.getProperty("cqrs.pool.hikari.dataSource.cachePrepStmts")).isEqualTo("false");
        assertThat(merged.getProperty("sample.grpc.port")).isEqualTo("3333");
        assertThat(merged.getProperty("cqrs.routing.selector")).isEqualTo("least-in-flight");
        assertThat(merged.stringPropertyNames()).doesNotContain("java.version", "PATH");
    }

    @Test
    void aPasswordKeyFromAHigherLayer_replacesTheOtherPasswordKeysOfThatEndpoint() {
        Properties file = props("cqrs.source.url", "jdbc:mysql://h/db", "cqrs.source.password-env", "SAMPLE_DB_PASSWORD");
        Properties merged = SampleConfig.layered(file, Map.of("CQRS_SOURCE_PASSWORD_FILE", "/run/secrets/pw"), new Properties());

        assertThat(merged.getProperty("cqrs.source.password-file")).isEqualTo("/run/secrets/pw");
        assertThat(merged.getProperty("cqrs.source.password-env")).isNull();
    }

    @Test
    void existingServersExample_readsTheRunbookLayout_withThePasswordFromTheEnvironment() {
        Properties file = SampleConfig.read(Path.of("config/existing-servers.properties"));
        SampleConfig c = SampleConfig.fromProperties(file, name -> name.equals("SAMPLE_DB_PASSWORD") ? "s3cret" : null);

        assertThat(c.routing().source().jdbcUrl()).startsWith("jdbc:mysql://localhost:3306/sample_db");
        assertThat(c.routing().replicas()).hasSize(1);
        assertThat(c.routing().replicas().get(0).jdbcUrl()).startsWith("jdbc:mysql://localhost:3307/sample_db");
        assertThat(c.routing().replicas().get(0).password()).isEqualTo("s3cret");
        assertThat(c.grpcPort()).isEqualTo(50051);
        assertThat(c.routing().consistency().tokenWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.routing().toString()).doesNotContain("s3cret");
    }

    @Test
    void existingServersExample_withoutThePassword_saysWhichVariableIsMissing() {
        Properties file = SampleConfig.read(Path.of("config/existing-servers.properties"));

        assertThatThrownBy(() -> SampleConfig.fromProperties(file, name -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SAMPLE_DB_PASSWORD");
    }

    @Test
    void badPort_namesTheKeyAndEchoesTheValue() {
        Properties p = props("cqrs.source.url", "jdbc:mysql://h/db", "sample.grpc.port", "70000");

        assertThatThrownBy(() -> SampleConfig.fromProperties(p, n -> null))
                .hasMessage("sample.grpc.port = '70000' is not valid; expected a TCP port 1-65535, or 0 for any free port");
    }

    @Test
    void unknownSampleKey_isRejectedSoTyposSurface() {
        Properties p = props("cqrs.source.url", "jdbc:mysql://h/db", "sample.grpc.prot", "1");

        assertThatThrownBy(() -> SampleConfig.fromProperties(p, n -> null))
                .hasMessageStartingWith("unknown property sample.grpc.prot");
    }

    @Test
    void noRoutingKeys_pointsAtTheExampleFile() {
        assertThatThrownBy(() -> SampleConfig.fromProperties(new Properties(), n -> null))
                .hasMessageContaining("sample-app/config/existing-servers.properties");
    }
}
