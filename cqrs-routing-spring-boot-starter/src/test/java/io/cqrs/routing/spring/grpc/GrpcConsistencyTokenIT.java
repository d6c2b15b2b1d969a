package io.cqrs.routing.spring.grpc;

import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.RoutingReason;
import io.cqrs.routing.RoutingScope;
import io.cqrs.routing.spring.actuator.RoutingDecisionLog;
import io.cqrs.routing.spring.it.SpringSandbox;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The interceptor pair between two "services" over in-process gRPC, the server on its own threads: a write's
 * token comes back in the response metadata into the caller's session, and the caller's next call carries
 * it, so the read sees the write, on the replica.
 */
class GrpcConsistencyTokenIT {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> WRITE = method("Write");
    private static final MethodDescriptor<String, String> READ = method("Read");

    private static MethodDescriptor<String, String> method(String name) {
        return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("notes.Notes/" + name).setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    }

    @SandboxTest
    void writeThenRead_tokenTravelsInMetadata_readSeesWriteOnReplica(Sandbox sandbox) throws Exception {
        SpringSandbox.database(sandbox, "grpc_it", "CREATE TABLE note (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100) NOT NULL)");
        Properties p = new Properties();
        for (String kv : SpringSandbox.routingProperties(sandbox, "grpc_it")) {
            p.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        p.setProperty("cqrs.consistency.token-wait-ms", "2000");
        ExecutorService serverThreads = Executors.newFixedThreadPool(4);
        String name = "notes-" + sandbox.flavor();
        try (RoutingDataSource ds = new RoutingDataSource(RoutingConfig.fromProperties(p))) {
            RoutingDecisionLog log = new RoutingDecisionLog(100);
            ds.addListener(log);
            Server server = InProcessServerBuilder.forName(name).executor(serverThreads)
                    .addService(ServerInterceptors.intercept(service(ds), new ConsistencyTokenServerInterceptor(ds::clearToken)))
                    .build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            try {
                Channel client = ClientInterceptors.intercept(channel, new ConsistencyTokenClientInterceptor(ds::currentToken));
                for (int i = 0; i < 10; i++) {
                    try (RoutingScope request = RoutingScope.session()) { // e.g. an HTTP request in the calling service
                        String id = ClientCalls.blockingUnaryCall(client, WRITE, CallOptions.DEFAULT, "grpc-" + i);
                        ConsistencyToken token = request.consistencySession().token();
                        assertThat(token).as("the write's token came back into the caller's session").isNotNull();
                        String[] read = ClientCalls.blockingUnaryCall(client, READ, CallOptions.DEFAULT, id).split(",");
                        assertThat(read[0]).as("read-your-writes").isEqualTo("grpc-" + i);
                        assertThat(Integer.parseInt(read[1])).as("on the replica").isEqualTo(sandbox.replica(0).serverId());
                    }
                }
                assertThat(log.count("replica-1", "routed", RoutingReason.TOKEN_PINNED)
                        + log.count("replica-1", "routed", RoutingReason.TOKEN_WAITED)).isEqualTo(10);

                Metadata bad = new Metadata();
                bad.put(GrpcConsistencyTokens.KEY, "v1.m.%%%");
                Channel withBadToken = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(bad));
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(withBadToken, READ, CallOptions.DEFAULT, "1"))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                            assertThat(e.getStatus().getDescription()).startsWith("x-consistency-token: Not a consistency token");
                        });
            } finally {
                channel.shutdownNow();
                server.shutdownNow();
                serverThreads.shutdownNow();
            }
        }
    }

    private static ServerServiceDefinition service(RoutingDataSource ds) {
        return ServerServiceDefinition.builder("notes.Notes")
                .addMethod(WRITE, ServerCalls.asyncUnaryCall((text, out) -> {
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("INSERT INTO note (text) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                        ps.setString(1, text);
                        ps.executeUpdate();
                        try (ResultSet k = ps.getGeneratedKeys()) {
                            k.next();
                            out.onNext(String.valueOf(k.getLong(1)));
                        }
                        out.onCompleted();
                    } catch (Exception e) {
                        out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                    }
                }))
                .addMethod(READ, ServerCalls.asyncUnaryCall((id, out) -> {
                    try (Connection c = ds.getConnection()) {
                        c.setReadOnly(true);
                        c.setAutoCommit(false);
                        String text;
                        int served;
                        try (PreparedStatement ps = c.prepareStatement("SELECT text FROM note WHERE id = ?")) {
                            ps.setLong(1, Long.parseLong(id));
                            try (ResultSet rs = ps.executeQuery()) {
                                text = rs.next() ? rs.getString(1) : null;
                            }
                        }
                        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
                            rs.next();
                            served = rs.getInt(1);
                        }
                        c.commit();
                        out.onNext(text + "," + served);
                        out.onCompleted();
                    } catch (Exception e) {
                        out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                    }
                }))
                .build();
    }
}
