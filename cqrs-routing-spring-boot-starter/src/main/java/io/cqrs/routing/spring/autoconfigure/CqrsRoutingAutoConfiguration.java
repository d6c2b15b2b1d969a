package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingListener;
import io.cqrs.routing.jdbi.RoutingPlugin;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The routing DataSource as the application's DataSource, from {@code cqrs.*} properties. Active when
 * {@code cqrs.source.url} is set; runs before Boot's DataSource auto-configuration, whose pool then backs
 * off. Declare your own {@code DataSource} (ideally of type {@link RoutingDataSource}) and this backs off.
 * Every {@link RoutingListener} bean is added to every {@link RoutingDataSource} bean, and every Jdbi bean
 * gets the routing Jdbi plugin.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",   // Boot 3
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})  // Boot 4
@ConditionalOnClass(RoutingDataSource.class)
@ConditionalOnProperty(prefix = "cqrs.source", name = "url")
@EnableConfigurationProperties(CqrsRoutingProperties.class)
public class CqrsRoutingAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CqrsRoutingAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    public RoutingDataSource dataSource(CqrsRoutingProperties properties, Environment environment) {
        for (String boots : new String[] {"spring.datasource.url", "spring.datasource.jdbc-url"}) {
            if (environment.containsProperty(boots)) {
                LOG.warn("{} is set and ignored: the routing DataSource connects to cqrs.source.url and"
                        + " cqrs.replicas[N].url; remove {} (or the cqrs.* keys to use Boot's own pool)", boots, boots);
            }
        }
        RoutingConfig config;
        try {
            config = RoutingConfig.fromProperties(properties.toRoutingProperties());
        } catch (IllegalArgumentException e) {
            throw new InvalidRoutingPropertiesException(e.getMessage(), e);
        }
        return new RoutingDataSource(config);
    }

    /**
     * Adds every {@link RoutingListener} bean to every {@link RoutingDataSource} bean, ours or the application's,
     * once all singletons exist (so listeners may depend on the DataSource). The routing metrics are left out:
     * they add themselves when Boot binds them to a registry.
     */
    @Bean
    public static SmartInitializingSingleton cqrsRoutingListenerRegistrar(ListableBeanFactory beans) {
        return () -> {
            Map<String, RoutingListener> listeners = beans.getBeansOfType(RoutingListener.class, false, true);
            for (RoutingDataSource ds : beans.getBeansOfType(RoutingDataSource.class, false, true).values()) {
                listeners.values().stream()
                        .filter(l -> !l.getClass().getName().equals("io.cqrs.routing.micrometer.RoutingMetrics"))
                        .forEach(ds::addListener);
            }
        };
    }

    /** Installs {@link RoutingPlugin#create()} (checks that Jdbi's connections are routed ones) on every Jdbi bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Jdbi.class)
    static class JdbiPluginConfiguration {
        @Bean
        static BeanPostProcessor cqrsRoutingJdbiPlugin() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof Jdbi jdbi) {
                        jdbi.installPlugin(RoutingPlugin.create());
                    }
                    return bean;
                }
            };
        }
    }
}
