package io.cqrs.sample.service;

import io.cqrs.sample.consistency.ReadYourWrites;
import io.cqrs.sample.grpc.CatalogQueryServiceGrpc;
import io.cqrs.sample.grpc.Category;
import io.cqrs.sample.grpc.GetCategoryRequest;
import io.cqrs.sample.grpc.GetProductRequest;
import io.cqrs.sample.grpc.ListCategoriesRequest;
import io.cqrs.sample.grpc.ListCategoriesResponse;
import io.cqrs.sample.grpc.Product;
import io.cqrs.sample.grpc.SearchProductsRequest;
import io.cqrs.sample.grpc.SearchProductsResponse;
import io.grpc.stub.StreamObserver;

import java.util.Objects;

/**
 * The read side: every call is one read-only Jdbi transaction, so it runs on a replica (the source
 * when none can serve). A request carrying {@link ConsistencyMetadata#HEADER} sees at least that
 * write.
 */
public final class CatalogQueryService extends CatalogQueryServiceGrpc.CatalogQueryServiceImplBase {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ReadYourWrites db;
    private final ServedBy servedBy;

    public CatalogQueryService(ReadYourWrites db, ServedBy servedBy) {
        this.db = Objects.requireNonNull(db, "db");
        this.servedBy = Objects.requireNonNull(servedBy, "servedBy");
    }

    @Override
    public void getCategory(GetCategoryRequest req, StreamObserver<Category> observer) {
        Calls.unary(observer, () -> {
            long id = Calls.id(req.getId(), "id");
            return db.read(ConsistencyMetadata.incoming(), h -> CatalogRepository.category(h, id)
                    .map(c -> c.toBuilder().setServedBy(servedBy.serverId(h)).build())
                    .orElseThrow(() -> GrpcErrors.notFound("category " + id + " does not exist (as seen by server "
                            + servedBy.serverId(h) + ")")));
        });
    }

    @Override
    public void listCategories(ListCategoriesRequest req, StreamObserver<ListCategoriesResponse> observer) {
        Calls.unary(observer, () -> {
            int limit = Calls.limit(req.getLimit(), DEFAULT_LIMIT, MAX_LIMIT);
            return db.read(ConsistencyMetadata.incoming(), h -> ListCategoriesResponse.newBuilder()
                    .addAllCategories(CatalogRepository.categories(h, limit)).setServedBy(servedBy.serverId(h)).build());
        });
    }

    @Override
    public void getProduct(GetProductRequest req, StreamObserver<Product> observer) {
        Calls.unary(observer, () -> {
            long id = Calls.id(req.getId(), "id");
            return db.read(ConsistencyMetadata.incoming(), h -> CatalogRepository.product(h, id)
                    .map(p -> p.toBuilder().setServedBy(servedBy.serverId(h)).build())
                    .orElseThrow(() -> GrpcErrors.notFound("product " + id + " does not exist (as seen by server "
                            + servedBy.serverId(h) + ")")));
        });
    }

    @Override
    public void searchProducts(SearchProductsRequest req, StreamObserver<SearchProductsResponse> observer) {
        Calls.unary(observer, () -> {
            if (req.getCategoryId() < 0) {
                throw GrpcErrors.invalid("category_id must be 0 (any) or a positive id, got " + req.getCategoryId());
            }
            if (req.getNamePrefix().length() > 200) {
                throw GrpcErrors.invalid("name_prefix is longer than 200 characters");
            }
            int limit = Calls.limit(req.getLimit(), DEFAULT_LIMIT, MAX_LIMIT);
            return db.read(ConsistencyMetadata.incoming(), h -> SearchProductsResponse.newBuilder()
                    .addAllProducts(CatalogRepository.searchProducts(h, req.getNamePrefix(), req.getCategoryId(), limit))
                    .setServedBy(servedBy.serverId(h)).build());
        });
    }
}
