package io.cqrs.sample;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.sample.client.TokenSession;
import io.cqrs.sample.demo.RoutingLedger;
import io.cqrs.sample.grpc.CatalogCommandServiceGrpc;
import io.cqrs.sample.grpc.CatalogCommandServiceGrpc.CatalogCommandServiceBlockingStub;
import io.cqrs.sample.grpc.CatalogQueryServiceGrpc;
import io.cqrs.sample.grpc.CatalogQueryServiceGrpc.CatalogQueryServiceBlockingStub;
import io.cqrs.sample.grpc.Category;
import io.cqrs.sample.grpc.CreateCategoryRequest;
import io.cqrs.sample.grpc.CreateProductRequest;
import io.cqrs.sample.grpc.DeleteCategoryRequest;
import io.cqrs.sample.grpc.GetCategoryRequest;
import io.cqrs.sample.grpc.ListCategoriesRequest;
import io.cqrs.sample.grpc.Product;
import io.cqrs.sample.grpc.SearchProductsRequest;
import io.cqrs.sample.service.ConsistencyMetadata;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service over a real port against a real source + replica, on MySQL 8.0 and MariaDB. */
class SampleAppIT {

    private static void provision(Sandbox sandbox) {
        SampleDatabase.createAndProvision(sandbox, 500, p -> { });
    }

    private static SampleApp start(Sandbox sandbox, RoutingConfig routing, RoutingLedger ledger) throws Exception {
        SampleConfig config = new SampleConfig(routing, 0);
        return SampleApp.start(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(ledger));
    }

    private static void exec(Sandbox sandbox, String sql) throws Exception {
        try (Connection c = sandbox.replica(0).connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @SandboxTest(isolated = true)
    void writesOnSource_readsOnReplica_andATokenMakesTheNextReadSeeTheWrite(Sandbox sandbox) throws Exception {
        provision(sandbox);
        long sourceId = sandbox.source().serverId();
        long replicaId = sandbox.replica(0).serverId();
        RoutingLedger ledger = new RoutingLedger();
        try (SampleApp app = start(sandbox, Demo.routingConfig(sandbox), ledger)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            try {
                AtomicReference<Metadata> headers = new AtomicReference<>();
                AtomicReference<Metadata> trailers = new AtomicReference<>();
                CatalogCommandServiceBlockingStub commands = CatalogCommandServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(20, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
                CatalogQueryServiceBlockingStub reads = CatalogQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);

                // a write lands on the source and answers with a token
                Category created = commands.createCategory(CreateCategoryRequest.newBuilder().setName("Lamps").build());
                assertThat(created.getServedBy()).isEqualTo(sourceId);
                String raw = headers.get().get(ConsistencyMetadata.KEY);
                assertThat(raw).as("x-consistency-token response header").isNotBlank();
                ConsistencyToken token = ConsistencyToken.parse(raw);
                assertThat(token.flavor()).isEqualTo(sandbox.flavor());
                assertThat(token.isEmpty()).isFalse();

                // reads land on the replica
                assertThat(reads.listCategories(ListCategoriesRequest.getDefaultInstance()).getServedBy()).isEqualTo(replicaId);
                Product lamp = commands.createProduct(CreateProductRequest.newBuilder().setCategoryId(created.getId())
                        .setName("Desk lamp").setPriceCents(2500).setStock(3).build());
                assertThat(lamp.getServedBy()).isEqualTo(sourceId);

                // a read right after a write, carrying the token, sees the write (on the replica)
                TokenSession session = new TokenSession();
                session.remember(ConsistencyToken.parse(headers.get().get(ConsistencyMetadata.KEY)));
                var causal = reads.withInterceptors(session);
                var found = causal.searchProducts(SearchProductsRequest.newBuilder().setNamePrefix("Desk lamp").build());
                assertThat(found.getProductsList()).extracting(Product::getId).containsExactly(lamp.getId());
                assertThat(found.getServedBy()).isEqualTo(replicaId);

                // replica stops applying: a read with the token goes to the source and sees the write,
                // a read without one is served (stale) by the replica
                exec(sandbox, sandbox.dialect().stopSqlThread());
                try {
                    var sessionCommands = CatalogCommandServiceGrpc.newBlockingStub(channel).withInterceptors(session)
                            .withDeadlineAfter(20, TimeUnit.SECONDS);
                    Category late = sessionCommands.createCategory(CreateCategoryRequest.newBuilder().setName("Late").build());
                    Category seen = causal.getCategory(GetCategoryRequest.newBuilder().setId(late.getId()).build());
                    assertThat(seen.getName()).isEqualTo("Late");
                    assertThat(seen.getServedBy()).isEqualTo(sourceId);
                    assertThatThrownBy(() -> reads.getCategory(GetCategoryRequest.newBuilder().setId(late.getId()).build()))
                            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                                assertThat(e.getStatus().getDescription()).contains("as seen by server " + replicaId);
                            });
                } finally {
                    exec(sandbox, sandbox.dialect().startSqlThread());
                }
                assertThat(ledger.counts("source").tokenFallbacks()).as("token reads the replica could not serve in time, served by the source").isGreaterThanOrEqualTo(1);
                assertThat(ledger.counts("replica-1").reads()).isGreaterThanOrEqualTo(2);
                assertThat(ledger.counts("replica-1").writes()).isZero();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @SandboxTest(isolated = true)
    void errorsMapToStatusCodes_andASourceOutageIsUnavailableWithTheRoutingMessage(Sandbox sandbox) throws Exception {
        provision(sandbox);
        RoutingLedger ledger = new RoutingLedger();
        try (SampleApp app = start(sandbox, Demo.routingConfig(sandbox), ledger)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", app.port()).usePlaintext().build();
            try {
                var commands = CatalogCommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
                var reads = CatalogQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);

                assertStatus(() -> reads.getCategory(GetCategoryRequest.newBuilder().setId(424242).build()),
                        Status.Code.NOT_FOUND, "category 424242 does not exist");
                assertStatus(() -> commands.createCategory(CreateCategoryRequest.newBuilder().setName("  ").build()),
                        Status.Code.INVALID_ARGUMENT, "name is required");
                assertStatus(() -> reads.getCategory(GetCategoryRequest.newBuilder().setId(-1).build()),
                        Status.Code.INVALID_ARGUMENT, "id must be a positive id, got -1");
                assertStatus(() -> commands.deleteCategory(DeleteCategoryRequest.newBuilder().setId(1).build()),
                        Status.Code.FAILED_PRECONDITION, "still referenced");
                assertStatus(() -> commands.createCategory(CreateCategoryRequest.newBuilder().setName("Category 2").build()),
                        Status.Code.ALREADY_EXISTS, "Duplicate");
                Metadata bad = new Metadata();
                bad.put(ConsistencyMetadata.KEY, "not-a-token");
                assertStatus(() -> reads.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bad))
                                .listCategories(ListCategoriesRequest.getDefaultInstance()),
                        Status.Code.INVALID_ARGUMENT, "x-consistency-token: Not a consistency token");

                sandbox.source().pause();
                try {
                    Thread.sleep(700); // past HikariCP's unchecked-reuse window
                    assertStatus(() -> commands.createCategory(CreateCategoryRequest.newBuilder().setName("Down").build()),
                            Status.Code.UNAVAILABLE, "source");
                    // reads keep working on the replica
                    assertThat(reads.listCategories(ListCategoriesRequest.getDefaultInstance()).getServedBy())
                            .isEqualTo(sandbox.replica(0).serverId());
                } finally {
                    sandbox.source().resume();
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }
}
