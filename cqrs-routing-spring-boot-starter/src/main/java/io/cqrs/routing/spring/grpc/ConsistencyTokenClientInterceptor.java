package io.cqrs.routing.spring.grpc;

import io.cqrs.routing.ConsistencySession;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingScope;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client half of read-your-writes over gRPC: a call made inside a routing session (an HTTP request
 * under {@code ConsistencyTokenFilter}, a gRPC call under {@link ConsistencyTokenServerInterceptor}, or any
 * {@code RoutingScope.session()}) sends that session's token in {@value GrpcConsistencyTokens#HEADER}, so
 * the called service reads at least what this one wrote or read; the token the called service answers
 * with is merged into the same session, so this service's own response carries it on. Outside a scope
 * the thread's token of the DataSource is sent and nothing is merged. Attach it to a channel or stub
 * ({@code stub.withInterceptors(interceptor)}).
 */
public class ConsistencyTokenClientInterceptor implements ClientInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyTokenClientInterceptor.class);

    private final Supplier<Optional<ConsistencyToken>> threadToken;

    /** @param threadToken the token outside any scope, e.g. {@code ds::currentToken} */
    public ConsistencyTokenClientInterceptor(Supplier<Optional<ConsistencyToken>> threadToken) {
        this.threadToken = Objects.requireNonNull(threadToken, "threadToken");
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ConsistencySession session = RoutingScope.currentSession(); // on the caller's thread, at call creation
        ConsistencyToken outgoing = session != null ? session.token() : threadToken.get().orElse(null);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (outgoing != null && !outgoing.isEmpty()) {
                    headers.put(GrpcConsistencyTokens.KEY, outgoing.serialize());
                }
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata responseHeaders) {
                        String raw = responseHeaders.get(GrpcConsistencyTokens.KEY);
                        if (raw != null && session != null) {
                            try {
                                session.merge(ConsistencyToken.parse(raw));
                            } catch (IllegalArgumentException e) {
                                LOG.warn("{} {} answered with an unreadable {}: {}", method.getFullMethodName(),
                                        "response", GrpcConsistencyTokens.HEADER, e.getMessage());
                            }
                        }
                        super.onHeaders(responseHeaders);
                    }
                }, headers);
            }
        };
    }
}
