package io.cqrs.routing.spring.grpc;

import io.cqrs.routing.ConsistencySession;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingScope;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server half of read-your-writes over gRPC: a call carrying {@value GrpcConsistencyTokens#HEADER}
 * reads at least those writes; a call's writes go back in the response headers (merged with the token
 * it received). gRPC runs a call's callbacks on any thread of its executor and routing scopes are
 * thread-bound, so every callback runs in a scope of its own that continues the call's token; the
 * thread's own token is cleared after each. A malformed token fails the call with INVALID_ARGUMENT.
 * Register it on the server (for Spring gRPC: as a global server interceptor).
 */
public class ConsistencyTokenServerInterceptor implements ServerInterceptor {

    private final Runnable clearThreadTokens;

    public ConsistencyTokenServerInterceptor(Runnable clearThreadTokens) {
        this.clearThreadTokens = Objects.requireNonNull(clearThreadTokens, "clearThreadTokens");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ConsistencyToken incoming = null;
        String raw = headers.get(GrpcConsistencyTokens.KEY);
        if (raw != null && !raw.isBlank()) {
            try {
                incoming = ConsistencyToken.parse(raw);
            } catch (IllegalArgumentException e) {
                call.close(Status.INVALID_ARGUMENT.withDescription(GrpcConsistencyTokens.HEADER + ": " + e.getMessage()),
                        new Metadata());
                return new ServerCall.Listener<>() { };
            }
        }
        CallTokens tokens = new CallTokens(incoming);
        ServerCall<Q, R> withToken = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                ConsistencyToken t = tokens.current();
                if (t != null && !t.isEmpty() && !t.equals(tokens.incoming)) {
                    responseHeaders.put(GrpcConsistencyTokens.KEY, t.serialize());
                }
                super.sendHeaders(responseHeaders);
            }
        };
        ServerCall.Listener<Q> delegate = tokens.run(() -> next.startCall(withToken, headers));
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                tokens.run(() -> {
                    super.onMessage(message);
                    return null;
                });
            }

            @Override
            public void onHalfClose() {
                tokens.run(() -> {
                    super.onHalfClose();
                    return null;
                });
            }

            @Override
            public void onCancel() {
                tokens.run(() -> {
                    super.onCancel();
                    return null;
                });
            }

            @Override
            public void onComplete() {
                tokens.run(() -> {
                    super.onComplete();
                    return null;
                });
            }

            @Override
            public void onReady() {
                tokens.run(() -> {
                    super.onReady();
                    return null;
                });
            }
        };
    }

    /** The call's token across callbacks; {@link #live} is the session of the callback running now. */
    private final class CallTokens {
        final ConsistencyToken incoming;
        volatile ConsistencyToken token;
        volatile ConsistencySession live;

        CallTokens(ConsistencyToken incoming) {
            this.incoming = incoming;
            this.token = incoming;
        }

        ConsistencyToken current() {
            ConsistencySession s = live;
            return s != null ? s.token() : token;
        }

        <T> T run(Supplier<T> callback) {
            ConsistencyToken t = token;
            try (RoutingScope scope = t == null ? RoutingScope.session() : RoutingScope.readYourWrites(t)) {
                live = scope.consistencySession();
                try {
                    return callback.get();
                } finally {
                    token = scope.consistencySession().token();
                    live = null;
                }
            } finally {
                clearThreadTokens.run();
            }
        }
    }
}
