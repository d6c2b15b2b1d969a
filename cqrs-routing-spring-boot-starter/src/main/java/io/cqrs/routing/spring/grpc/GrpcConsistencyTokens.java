package io.cqrs.routing.spring.grpc;

import io.grpc.Metadata;

/** The gRPC metadata key of consistency tokens, the same one the sample gRPC service uses. */
public final class GrpcConsistencyTokens {

    public static final String HEADER = "x-consistency-token";
    public static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private GrpcConsistencyTokens() {
    }
}
