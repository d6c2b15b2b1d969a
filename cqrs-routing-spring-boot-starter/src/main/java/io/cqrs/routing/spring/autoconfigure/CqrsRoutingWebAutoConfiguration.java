package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.spring.web.ConsistencyTokenFilter;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The {@link ConsistencyTokenFilter} in servlet applications, early in the chain so every database call of
 * the request runs in its routing session. Reactive (WebFlux) applications get nothing: see the filter.
 */
@AutoConfiguration(after = CqrsRoutingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Filter.class)
@ConditionalOnBean(RoutingDataSource.class)
public class CqrsRoutingWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ConsistencyTokenFilter consistencyTokenFilter(ObjectProvider<RoutingDataSource> dataSources) {
        return new OrderedConsistencyTokenFilter(() -> dataSources.forEach(RoutingDataSource::clearToken));
    }

    /** Ordered for Boot's filter registration. */
    static final class OrderedConsistencyTokenFilter extends ConsistencyTokenFilter implements Ordered {
        OrderedConsistencyTokenFilter(Runnable clear) {
            super(clear);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 20;
        }
    }
}
