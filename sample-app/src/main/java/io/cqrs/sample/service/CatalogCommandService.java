package io.cqrs.sample.service;

import io.cqrs.sample.consistency.ReadYourWrites;
import io.cqrs.sample.consistency.ReadYourWrites.Written;
import io.cqrs.sample.grpc.CatalogCommandServiceGrpc;
import io.cqrs.sample.grpc.Category;
import io.cqrs.sample.grpc.CreateCategoryRequest;
import io.cqrs.sample.grpc.CreateProductRequest;
import io.cqrs.sample.grpc.DeleteCategoryRequest;
import io.cqrs.sample.grpc.DeleteCategoryResponse;
import io.cqrs.sample.grpc.Product;
import io.cqrs.sample.grpc.RenameCategoryRequest;
import io.cqrs.sample.grpc.UpdateProductRequest;
import io.grpc.stub.StreamObserver;

import java.util.Objects;

/**
 * The write side: every call is one read-write Jdbi transaction, so it runs on the source. The
 * response headers carry the write's consistency token ({@link ConsistencyMetadata#HEADER}).
 */
public final class CatalogCommandService extends CatalogCommandServiceGrpc.CatalogCommandServiceImplBase {

    private final ReadYourWrites db;
    private final ServedBy servedBy;

    public CatalogCommandService(ReadYourWrites db, ServedBy servedBy) {
        this.db = Objects.requireNonNull(db, "db");
        this.servedBy = Objects.requireNonNull(servedBy, "servedBy");
    }

    @Override
    public void createCategory(CreateCategoryRequest req, StreamObserver<Category> observer) {
        Calls.unary(observer, () -> {
            String name = Calls.name(req.getName(), 100);
            return replied(db.write(h -> Category.newBuilder()
                    .setId(CatalogRepository.insertCategory(h, name)).setName(name).setServedBy(servedBy.serverId(h)).build()));
        });
    }

    @Override
    public void renameCategory(RenameCategoryRequest req, StreamObserver<Category> observer) {
        Calls.unary(observer, () -> {
            long id = Calls.id(req.getId(), "id");
            String name = Calls.name(req.getName(), 100);
            return replied(db.write(h -> {
                if (CatalogRepository.renameCategory(h, id, name) == 0) {
                    throw GrpcErrors.notFound("category " + id + " does not exist");
                }
                return Category.newBuilder().setId(id).setName(name).setServedBy(servedBy.serverId(h)).build();
            }));
        });
    }

    @Override
    public void deleteCategory(DeleteCategoryRequest req, StreamObserver<DeleteCategoryResponse> observer) {
        Calls.unary(observer, () -> {
            long id = Calls.id(req.getId(), "id");
            return replied(db.write(h -> {
                if (CatalogRepository.deleteCategory(h, id) == 0) {
                    throw GrpcErrors.notFound("category " + id + " does not exist");
                }
                return DeleteCategoryResponse.newBuilder().setDeleted(true).setServedBy(servedBy.serverId(h)).build();
            }));
        });
    }

    @Override
    public void createProduct(CreateProductRequest req, StreamObserver<Product> observer) {
        Calls.unary(observer, () -> {
            long categoryId = Calls.id(req.getCategoryId(), "category_id");
            String name = Calls.name(req.getName(), 200);
            long price = Calls.notNegative(req.getPriceCents(), "price_cents");
            int stock = (int) Calls.notNegative(req.getStock(), "stock");
            return replied(db.write(h -> {
                if (CatalogRepository.category(h, categoryId).isEmpty()) {
                    throw GrpcErrors.notFound("category " + categoryId + " does not exist");
                }
                long id = CatalogRepository.insertProduct(h, categoryId, name, price, stock);
                return Product.newBuilder().setId(id).setCategoryId(categoryId).setName(name).setPriceCents(price)
                        .setStock(stock).setServedBy(servedBy.serverId(h)).build();
            }));
        });
    }

    @Override
    public void updateProduct(UpdateProductRequest req, StreamObserver<Product> observer) {
        Calls.unary(observer, () -> {
            long id = Calls.id(req.getId(), "id");
            String name = Calls.name(req.getName(), 200);
            long price = Calls.notNegative(req.getPriceCents(), "price_cents");
            int stock = (int) Calls.notNegative(req.getStock(), "stock");
            return replied(db.write(h -> {
                if (CatalogRepository.updateProduct(h, id, name, price, stock) == 0) {
                    throw GrpcErrors.notFound("product " + id + " does not exist");
                }
                Product p = CatalogRepository.product(h, id).orElseThrow();
                return p.toBuilder().setServedBy(servedBy.serverId(h)).build();
            }));
        });
    }

    private static <T> T replied(Written<T> written) {
        ConsistencyMetadata.reply(written.token());
        return written.value();
    }
}
