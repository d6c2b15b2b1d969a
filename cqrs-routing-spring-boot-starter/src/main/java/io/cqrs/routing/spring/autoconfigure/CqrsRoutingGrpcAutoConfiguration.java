package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.spring.grpc.ConsistencyTokenClientInterceptor;
import io.cqrs.routing.spring.grpc.ConsistencyTokenServerInterceptor;
import io.grpc.ServerInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The gRPC interceptor pair as beans when grpc-api is on the class path. They are not attached to any
 * server or channel: add them where your gRPC integration takes interceptors (Spring gRPC:
 * {@code @GlobalServerInterceptor} / {@code @GlobalClientInterceptor} on your own bean methods that return
 * these; plain grpc-java: {@code ServerBuilder.intercept}, {@code stub.withInterceptors}).
 */
@AutoConfiguration(after = CqrsRoutingAutoConfiguration.class)
@ConditionalOnClass(ServerInterceptor.class)
@ConditionalOnBean(RoutingDataSource.class)
public class CqrsRoutingGrpcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ConsistencyTokenServerInterceptor consistencyTokenServerInterceptor(ObjectProvider<RoutingDataSource> dataSources) {
        return new ConsistencyTokenServerInterceptor(() -> dataSources.forEach(RoutingDataSource::clearToken));
    }

    @Bean
    @ConditionalOnMissingBean
    public ConsistencyTokenClientInterceptor consistencyTokenClientInterceptor(RoutingDataSource dataSource) {
        return new ConsistencyTokenClientInterceptor(dataSource::currentToken);
    }
}
