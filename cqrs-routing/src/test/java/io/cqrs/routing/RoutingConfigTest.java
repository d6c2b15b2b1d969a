package io.cqrs.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingConfigTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static RoutingConfig parse(String... kv) {
        return RoutingConfig.fromProperties(props(kv), name -> name.equals("DB_PASS") ? "from-env" : null);
    }

    @Test
    void fullProperties_parse() {
        RoutingConfig c = parse(
                "cqrs.source.url", "jdbc:mysql://db1:3306/app",
                "cqrs.source.username", "app",
                "cqrs.source.password-env", "DB_PASS",
                "cqrs.source.hikari.maxLifetime", "600000",
                "cqrs.replicas[0].url", "jdbc:mysql://db2:3306/app",
                "cqrs.replicas[1].url", "jdbc:mysql://db3:3306/app",
                "cqrs.replicas[1].name", "analytics",
                "cqrs.replicas[1].weight", "3",
                "cqrs.pool.maximum-pool-size", "20",
                "cqrs.pool.connection-timeout-ms", "500",
                "cqrs.pool.hikari.dataSource.useLocalSessionState", "true",
                "cqrs.routing.selector", "weighted-random",
                "cqrs.routing.fallback-to-source", "false",
                "other.ignored", "x");
        assertThat(c.source().password()).isEqualTo("from-env");
        assertThat(c.source().hikariProperties()).containsEntry("maxLifetime", "600000");
        assertThat(c.replicas()).extracting(EndpointConfig::name).containsExactly("replica-1", "analytics");
        assertThat(c.replicas().get(0).username()).isEqualTo("app");
        assertThat(c.replicas().get(0).password()).isEqualTo("from-env");
        assertThat(c.replicas().get(1).weight()).isEqualTo(3);
        assertThat(c.pool().maximumPoolSize()).isEqualTo(20);
        assertThat(c.pool().minimumIdle()).isEqualTo(20);
        assertThat(c.pool().connectionTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.pool().hikariProperties()).containsEntry("dataSource.useLocalSessionState", "true");
        assertThat(c.fallbackToSource()).isFalse();
        assertThat(c.selector().getClass().getSimpleName()).isEqualTo("WeightedRandomSelector");
    }

    @Test
    void passwordFile_isReadWithoutTrailingNewline(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("pw");
        Files.writeString(f, "from-file\n");
        assertThat(parse("cqrs.source.url", "jdbc:x:y", "cqrs.source.password-file", f.toString()).source().password())
                .isEqualTo("from-file");
    }

    @Test
    void toString_masksPasswords() {
        RoutingConfig c = parse("cqrs.source.url", "jdbc:mysql://db1/app?user=app&password=hunter2",
                "cqrs.source.password", "hunter2",
                "cqrs.source.hikari.dataSource.password", "hunter2",
                "cqrs.replicas[0].url", "jdbc:mysql://app:hunter2@db2/app");
        assertThat(c.toString()).doesNotContain("hunter2").contains("password=****", "//app:****@db2");
        assertThat(c.source().toString()).doesNotContain("hunter2");
    }

    @Test
    void missingSourceUrl() {
        assertThatThrownBy(() -> parse("cqrs.replicas[0].url", "jdbc:x:y"))
                .hasMessage("cqrs.source.url is required: the JDBC URL of the source (write) server, e.g. jdbc:mysql://db1:3306/app");
    }

    @Test
    void notAJdbcUrl_echoesTheValueMasked() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "mysql://db1/app?password=hunter2"))
                .hasMessage("cqrs.source.url = 'mysql://db1/app?password=****' is not a JDBC URL; it must start with jdbc:,"
                        + " e.g. jdbc:mysql://db2:3306/app or jdbc:mariadb://db2:3306/app");
    }

    @Test
    void unknownKey_isRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.source.pasword", "hunter2"))
                .hasMessage("unknown property 'cqrs.source.pasword'; expected one of cqrs.source.[name, password,"
                        + " password-env, password-file, url, username, weight, hikari.<HikariCP property>]"
                        + " (see RoutingConfig.fromProperties)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void replicaGap() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.replicas[1].url", "jdbc:x:z"))
                .hasMessage("cqrs.replicas[1].* is set but cqrs.replicas[0] is missing; number replicas from 0 without gaps");
    }

    @Test
    void badWeight() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.replicas[0].url", "jdbc:x:z", "cqrs.replicas[0].weight", "0"))
                .hasMessage("cqrs.replicas[0].weight = 0 is out of range; use 1..1000 (its relative share of reads; drain the replica to stop reads)");
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.replicas[0].url", "jdbc:x:z", "cqrs.replicas[0].weight", "heavy"))
                .hasMessage("cqrs.replicas[0].weight = 'heavy' is not a whole number; use e.g. 1");
    }

    @Test
    void duplicateNames() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y",
                "cqrs.replicas[0].url", "jdbc:x:z", "cqrs.replicas[0].name", "source"))
                .hasMessage("cqrs.replicas[0].name = 'source' is already used by cqrs.source.name; give every endpoint a distinct name");
    }

    @Test
    void twoPasswordSources() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.source.password", "a", "cqrs.source.password-env", "DB_PASS"))
                .hasMessage("cqrs.source sets password and password-env; set only one of cqrs.source.password, .password-file or .password-env");
    }

    @Test
    void missingEnvAndFile() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.source.password-env", "NOPE"))
                .hasMessage("cqrs.source.password-env = 'NOPE' names an environment variable that is not set;"
                        + " export NOPE before starting, or use cqrs.source.password-file");
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.source.password-file", "/nonexistent/pw"))
                .hasMessage("cqrs.source.password-file = '/nonexistent/pw' cannot be read (NoSuchFileException);"
                        + " create the file, readable by this process only, or use cqrs.source.password-env");
    }

    @Test
    void poolValues() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.pool.maximum-pool-size", "0"))
                .hasMessage("cqrs.pool.maximum-pool-size = 0 is invalid; use at least 1 (connections per endpoint)");
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.pool.minimum-idle", "11"))
                .hasMessage("cqrs.pool.minimum-idle = 11 is out of range; use 0..10 (at most cqrs.pool.maximum-pool-size)");
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.routing.fallback-to-source", "yes"))
                .hasMessage("cqrs.routing.fallback-to-source = 'yes' is not a boolean; use true or false");
        // below HikariCP's floor: clamped with a warning, like HikariCP does
        assertThat(parse("cqrs.source.url", "jdbc:x:y", "cqrs.pool.connection-timeout-ms", "100").pool().connectionTimeout())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void hikariProperties_reservedAndUnknown() {
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.source.hikari.readOnly", "true"))
                .hasMessage("cqrs.source.hikari.readOnly cannot be set: the router manages it; use cqrs.routing.replica-pools-read-only");
        assertThatThrownBy(() -> parse("cqrs.source.url", "jdbc:x:y", "cqrs.replicas[0].url", "jdbc:x:z",
                "cqrs.replicas[0].hikari.maxLifeTime", "1"))
                .hasMessageStartingWith("cqrs.replicas[0].hikari.maxLifeTime = '1' is not accepted by HikariCP (")
                .hasMessageEndingWith("); use a HikariConfig property name such as maxLifetime, or dataSource.<driverProperty> for driver properties");
    }

    @Test
    void builder_validatesToo() {
        assertThatThrownBy(() -> RoutingConfig.builder().build()).hasMessageStartingWith("cqrs.source.url is required");
        assertThatThrownBy(() -> RoutingConfig.builder().source("jdbc:x:y", "u", "p")
                .replica(EndpointConfig.builder("bad name").jdbcUrl("jdbc:x:z").build()).build())
                .hasMessage("cqrs.replicas[0].name = 'bad name' is not a valid endpoint name; use 1-64 letters, digits,"
                        + " '.', '_' or '-', starting with a letter or digit (e.g. replica-1)");
        RoutingConfig c = RoutingConfig.builder().source("jdbc:x:y", "u", "p").replica("jdbc:x:z").build();
        assertThat(c.replicas().get(0).name()).isEqualTo("replica-1");
        assertThat(RoutingConfig.from(c).build()).isEqualTo(c);
    }
}
