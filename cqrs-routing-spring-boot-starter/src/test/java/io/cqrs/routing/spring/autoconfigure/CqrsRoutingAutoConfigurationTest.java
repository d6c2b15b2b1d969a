package io.cqrs.routing.spring.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.jdbi.RoutingPlugin;
import io.cqrs.routing.micrometer.RoutingMetrics;
import io.cqrs.routing.spring.actuator.RoutingDecisionLog;
import io.cqrs.routing.spring.grpc.ConsistencyTokenClientInterceptor;
import io.cqrs.routing.spring.grpc.ConsistencyTokenServerInterceptor;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration without servers: the DataSource starts even when its endpoints are unreachable. */
class CqrsRoutingAutoConfigurationTest {

    /** Nothing listens on port 1: the pools start empty, which is all these tests need. */
    private static final String UNREACHABLE = "jdbc:mysql://127.0.0.1:1/app?connectTimeout=200";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(autoConfigurations()))
            .withPropertyValues("cqrs.lag.enabled=false", "cqrs.pool.minimum-idle=0");

    /** Ours and Boot's DataSource auto-configuration, by the name of the Boot version on the class path. */
    static Class<?>[] autoConfigurations() {
        List<Class<?>> c = new ArrayList<>(List.of(CqrsRoutingAutoConfiguration.class, CqrsRoutingMetricsAutoConfiguration.class,
                CqrsRoutingActuatorAutoConfiguration.class, CqrsRoutingWebAutoConfiguration.class,
                CqrsRoutingGrpcAutoConfiguration.class));
        for (String name : List.of("org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")) {
            try {
                c.add(Class.forName(name));
            } catch (ClassNotFoundException absent) {
                // the other Boot generation
            }
        }
        return c.toArray(Class<?>[]::new);
    }

    @Test
    void cqrsSourceUrl_routingDataSourceReplacesBootsPool() {
        runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE, "cqrs.replicas[0].url=" + UNREACHABLE,
                        "spring.datasource.url=jdbc:mysql://127.0.0.1:1/ignored")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx).hasSingleBean(DataSource.class);
                    assertThat(ctx.getBean(DataSource.class)).isInstanceOf(RoutingDataSource.class);
                    RoutingDataSource ds = ctx.getBean(RoutingDataSource.class);
                    assertThat(ds.topology().source().name()).isEqualTo("source");
                    assertThat(ds.topology().replicas()).extracting(e -> e.name()).containsExactly("replica-1");
                    assertThat(ctx).hasSingleBean(RoutingMetrics.class);
                    assertThat(ctx).hasSingleBean(RoutingDecisionLog.class);
                    assertThat(ctx).hasSingleBean(ConsistencyTokenServerInterceptor.class);
                    assertThat(ctx).hasSingleBean(ConsistencyTokenClientInterceptor.class);
                });
    }

    @Test
    void noCqrsSourceUrl_bootsOwnPool() {
        runner.withPropertyValues("spring.datasource.url=jdbc:mysql://127.0.0.1:1/app")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(DataSource.class);
                    assertThat(ctx.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
                    assertThat(ctx).doesNotHaveBean(RoutingDataSource.class);
                    assertThat(ctx).doesNotHaveBean(RoutingMetrics.class);
                });
    }

    @Test
    void applicationsOwnDataSource_autoConfigurationBacksOff() {
        runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE)
                .withUserConfiguration(OwnDataSource.class)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(DataSource.class);
                    assertThat(ctx.getBean(DataSource.class)).isSameAs(ctx.getBean("myDataSource"));
                });
    }

    @Test
    void routingListenerBeans_areAddedToTheDataSource() {
        runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE)
                .withUserConfiguration(Listener.class)
                .run(ctx -> {
                    RoutingDataSource ds = ctx.getBean(RoutingDataSource.class);
                    try (var c = ds.getConnection()) {
                        c.getMetaData(); // borrows: fails, the source is unreachable
                    } catch (java.sql.SQLException expected) {
                        // the borrow failure is reported to listeners
                    }
                    assertThat(ctx.getBean(Listener.class).failures).isNotEmpty();
                });
    }

    @Test
    void jdbiBean_getsTheRoutingPlugin() {
        runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE)
                .withUserConfiguration(JdbiConfig.class)
                .run(ctx -> assertThat(plugins(ctx.getBean(Jdbi.class))).anyMatch(p -> p instanceof RoutingPlugin));
    }

    @Test
    void badValue_failsNamingThePropertyAndTheFix() {
        runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE, "cqrs.fallback.mode=sometimes")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis a = new CqrsRoutingFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(a.getDescription()).contains("cqrs.fallback.mode = 'sometimes'").contains("use fail-fast or wait");
                });
    }

    @Test
    void unknownKey_failsNamingItButNotItsValue() {
        runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE, "cqrs.source.pasword=s3cret-value")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis a = new CqrsRoutingFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(a.getDescription()).contains("cqrs.source.pasword").doesNotContain("s3cret-value");
                    assertThat(a.getAction()).contains("RoutingConfig.fromProperties");
                });
    }

    @Test
    void password_isNeverPrinted() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            runner.withPropertyValues("cqrs.source.url=" + UNREACHABLE, "cqrs.source.password=pa55-word-xyz",
                            "cqrs.replicas[0].url=" + UNREACHABLE, "cqrs.replicas[0].password=replica-pa55-xyz")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        try (var c = ctx.getBean(RoutingDataSource.class).getConnection()) {
                            c.getMetaData();
                        } catch (java.sql.SQLException expected) {
                            // logged and reported without the password
                        }
                    });
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("routing DataSource started").doesNotContain("pa55-word-xyz").doesNotContain("replica-pa55-xyz");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> plugins(Jdbi jdbi) throws ReflectiveOperationException {
        Field f = Jdbi.class.getDeclaredField("plugins"); // Jdbi has no accessor for its plugins
        f.setAccessible(true);
        return new ArrayList<>((List<Object>) f.get(jdbi));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {
        @Bean
        DataSource myDataSource() {
            HikariDataSource ds = new HikariDataSource();
            ds.setJdbcUrl(UNREACHABLE);
            return ds;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JdbiConfig {
        @Bean
        Jdbi jdbi(DataSource ds) {
            return Jdbi.create(ds);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listener implements RoutingListener {
        final List<String> failures = new ArrayList<>();

        @Override
        public void onRoute(RoutingDecision decision) {
        }

        @Override
        public void onBorrowFailure(String endpoint, io.cqrs.routing.EndpointRole role, java.sql.SQLException failure) {
            failures.add(endpoint);
        }
    }
}
