package io.cqrs.sample.service;

import io.cqrs.routing.ConsistencyToken;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries consistency tokens in gRPC metadata under {@value #HEADER}: a request's token is put in
 * the {@link io.grpc.Context} for the query service ({@link #incoming()}); a token the command
 * service {@link #reply replies} with goes out in the response headers. A malformed token fails the
 * call with INVALID_ARGUMENT before the service runs.
 */
public final class ConsistencyMetadata implements ServerInterceptor {

    public static final String HEADER = "x-consistency-token";
    public static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<ConsistencyToken> INCOMING = Context.key("cqrs-consistency-token-in");
    private static final Context.Key<AtomicReference<ConsistencyToken>> OUTGOING = Context.key("cqrs-consistency-token-out");

    /** The token the caller sent, or null. */
    public static ConsistencyToken incoming() {
        return INCOMING.get();
    }

    /** Sends {@code token} back in the response headers; call before the first {@code onNext}. */
    public static void reply(ConsistencyToken token) {
        AtomicReference<ConsistencyToken> out = OUTGOING.get();
        if (out != null && token != null && !token.isEmpty()) {
            out.set(token);
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ConsistencyToken in = null;
        String raw = headers.get(KEY);
        if (raw != null) {
            try {
                in = ConsistencyToken.parse(raw);
            } catch (IllegalArgumentException e) {
                call.close(Status.INVALID_ARGUMENT.withDescription(HEADER + ": " + e.getMessage()), new Metadata());
                return new ServerCall.Listener<>() { };
            }
        }
        AtomicReference<ConsistencyToken> out = new AtomicReference<>();
        ServerCall<Q, R> withToken = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                ConsistencyToken t = out.get();
                if (t != null) {
                    responseHeaders.put(KEY, t.serialize());
                }
                super.sendHeaders(responseHeaders);
            }
        };
        Context ctx = Context.current().withValue(INCOMING, in).withValue(OUTGOING, out);
        return Contexts.interceptCall(ctx, withToken, headers, next);
    }
}
