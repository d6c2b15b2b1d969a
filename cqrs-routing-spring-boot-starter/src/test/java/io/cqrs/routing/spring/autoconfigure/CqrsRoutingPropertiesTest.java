package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.RoutingConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What Boot binds from its usual places reaches the router under the router's own keys. */
class CqrsRoutingPropertiesTest {

    private static Properties bind(Map<String, Object> application, Map<String, Object> environmentVariables) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addLast(new MapPropertySource("application", application));
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        CqrsRoutingProperties p = new Binder(ConfigurationPropertySources.get(env))
                .bind("cqrs", CqrsRoutingProperties.class).orElseGet(CqrsRoutingProperties::new);
        return p.toRoutingProperties();
    }

    @Test
    void applicationProperties_keepTheRoutersKeys() {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("cqrs.source.url", "jdbc:mysql://db1:3306/app");
        app.put("cqrs.source.password-env", "DB_PASSWORD");
        app.put("cqrs.replicas[0].url", "jdbc:mysql://db2:3306/app");
        app.put("cqrs.replicas[0].weight", "3");
        app.put("cqrs.replicas[1].url", "jdbc:mysql://db3:3306/app");
        app.put("cqrs.pool.hikari.dataSource.cachePrepStmts", "true");
        app.put("cqrs.lag.probes", "heartbeat,gtid");
        app.put("cqrs.lag.hysteresis", "0.25");
        app.put("cqrs.breaker.wait-in-open-ms", "2000");
        Properties p = bind(app, Map.of());
        assertThat(p).containsEntry("cqrs.source.url", "jdbc:mysql://db1:3306/app")
                .containsEntry("cqrs.source.password-env", "DB_PASSWORD")
                .containsEntry("cqrs.replicas[0].url", "jdbc:mysql://db2:3306/app")
                .containsEntry("cqrs.replicas[0].weight", "3")
                .containsEntry("cqrs.replicas[1].url", "jdbc:mysql://db3:3306/app")
                .containsEntry("cqrs.pool.hikari.dataSource.cachePrepStmts", "true") // HikariCP keys keep their case
                .containsEntry("cqrs.lag.probes", "heartbeat,gtid")
                .containsEntry("cqrs.lag.hysteresis", "0.25")
                .containsEntry("cqrs.breaker.wait-in-open-ms", "2000")
                .doesNotContainKey("cqrs.lag.max-lag-ms"); // unset: the router's default applies
        RoutingConfig config = RoutingConfig.fromProperties(p, name -> name.equals("DB_PASSWORD") ? "pw" : null);
        assertThat(config.replicas()).hasSize(2);
        assertThat(config.replicas().get(0).weight()).isEqualTo(3);
        assertThat(config.source().password()).isEqualTo("pw");
    }

    @Test
    void environmentVariables_override() {
        Map<String, Object> app = Map.of("cqrs.source.url", "jdbc:mysql://db1:3306/app", "cqrs.replicas[0].url", "jdbc:mysql://db2:3306/app");
        Map<String, Object> env = Map.of("CQRS_SOURCE_PASSWORD", "from-env", "CQRS_REPLICAS_0_URL", "jdbc:mysql://db9:3306/app",
                "CQRS_LAG_MAXLAGMS", "750");
        Properties p = bind(app, env);
        assertThat(p).containsEntry("cqrs.source.password", "from-env")
                .containsEntry("cqrs.replicas[0].url", "jdbc:mysql://db9:3306/app")
                .containsEntry("cqrs.lag.max-lag-ms", "750");
    }

    @Test
    void yamlStyleProbeList_isJoined() {
        Map<String, Object> app = Map.of("cqrs.source.url", "jdbc:mysql://db1:3306/app",
                "cqrs.lag.probes[0]", "gtid", "cqrs.lag.probes[1]", "status");
        assertThat(bind(app, Map.of())).containsEntry("cqrs.lag.probes", "gtid,status");
    }

    @Test
    void toString_showsNoPassword() {
        CqrsRoutingProperties p = new CqrsRoutingProperties();
        p.getSource().setUrl("jdbc:mysql://db1/app");
        p.getSource().setPassword("secret-1");
        assertThat(p.toString()).contains("db1").doesNotContain("secret-1");
        assertThat(p.getSource().toString()).doesNotContain("secret-1");
    }
}
