package io.cqrs.sample.client;

import io.cqrs.routing.ConsistencyToken;
import io.cqrs.sample.service.ConsistencyMetadata;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A client's causal session: remembers the consistency token of every response that carries one
 * and sends the newest (merged) token with every call, so a read through the query service sees
 * the session's earlier writes through the command service. Share one per user session; attach it
 * with {@code stub.withInterceptors(session)}.
 */
public final class TokenSession implements ClientInterceptor {

    private final AtomicReference<ConsistencyToken> token = new AtomicReference<>();

    /** The session's token, or null before the first write. */
    public ConsistencyToken token() {
        return token.get();
    }

    /** Adds a token received some other way (e.g. from another service's response). */
    public void remember(ConsistencyToken t) {
        if (t == null || t.isEmpty()) {
            return;
        }
        token.updateAndGet(old -> old == null || old.flavor() != t.flavor() ? t : old.merge(t));
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                ConsistencyToken t = token.get();
                if (t != null) {
                    headers.put(ConsistencyMetadata.KEY, t.serialize());
                }
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata responseHeaders) {
                        String v = responseHeaders.get(ConsistencyMetadata.KEY);
                        if (v != null) {
                            remember(ConsistencyToken.parse(v));
                        }
                        super.onHeaders(responseHeaders);
                    }
                }, headers);
            }
        };
    }
}
