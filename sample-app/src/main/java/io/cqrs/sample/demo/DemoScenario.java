package io.cqrs.sample.demo;

import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sample.client.TokenSession;
import io.cqrs.sample.grpc.CatalogCommandServiceGrpc;
import io.cqrs.sample.grpc.CatalogCommandServiceGrpc.CatalogCommandServiceBlockingStub;
import io.cqrs.sample.grpc.CatalogQueryServiceGrpc;
import io.cqrs.sample.grpc.CatalogQueryServiceGrpc.CatalogQueryServiceBlockingStub;
import io.cqrs.sample.grpc.Category;
import io.cqrs.sample.grpc.CreateCategoryRequest;
import io.cqrs.sample.grpc.CreateProductRequest;
import io.cqrs.sample.grpc.GetCategoryRequest;
import io.cqrs.sample.grpc.GetProductRequest;
import io.cqrs.sample.grpc.ListCategoriesRequest;
import io.cqrs.sample.grpc.Product;
import io.cqrs.sample.grpc.RenameCategoryRequest;
import io.cqrs.sample.grpc.SearchProductsRequest;
import io.cqrs.sample.grpc.SearchProductsResponse;
import io.cqrs.sample.grpc.UpdateProductRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The scripted client: writes, reads, reads right after writes with the session's token, then
 * the replica paused (SIGSTOP) and resumed (SIGCONT). Every step prints where it was served and
 * whether that is where it should have gone.
 */
public final class DemoScenario {

    enum Expect { SOURCE, REPLICA }

    private final Channel channel;
    private final SandboxServer replica;
    private final long sourceId;
    private final long replicaId;
    private final PrintStream out;
    private final TokenSession session = new TokenSession();
    private final List<String> failures = new ArrayList<>();
    private final Map<Long, Long> answers = new TreeMap<>();
    private int step;

    private final BooleanSupplier stopped;

    /** @param stopped true once the demo is being shut down (Ctrl-C): the remaining steps are skipped */
    public DemoScenario(Channel channel, SandboxServer replica, long sourceId, long replicaId, PrintStream out,
                        BooleanSupplier stopped) {
        this.channel = channel;
        this.stopped = stopped;
        this.replica = replica;
        this.sourceId = sourceId;
        this.replicaId = replicaId;
        this.out = out;
    }

    /** {@code served_by} → responses that carried it. */
    public Map<Long, Long> answers() {
        return answers;
    }

    /** What went wrong; empty when every step went where it should and read what it should. */
    public List<String> failures() {
        return failures;
    }

    public void run() throws InterruptedException {
        CatalogCommandServiceBlockingStub commands = CatalogCommandServiceGrpc.newBlockingStub(channel).withInterceptors(session);
        CatalogQueryServiceBlockingStub reads = CatalogQueryServiceGrpc.newBlockingStub(channel);
        CatalogQueryServiceBlockingStub causalReads = reads.withInterceptors(session);
        String suffix = Long.toString(System.currentTimeMillis() % 100_000);

        out.println("Normal operation: writes on the source, reads on the replica");
        call("read ", "ListCategories", Expect.REPLICA, () -> q(reads).listCategories(ListCategoriesRequest.getDefaultInstance()).getServedBy());
        long[] ids = new long[2];
        call("write", "CreateCategory 'Demo " + suffix + "'", Expect.SOURCE, () -> {
            Category c = c(commands).createCategory(CreateCategoryRequest.newBuilder().setName("Demo " + suffix).build());
            ids[0] = c.getId();
            return c.getServedBy();
        });
        call("read ", "GetCategory " + ids[0] + " with the token (read-your-writes)", Expect.REPLICA, () -> {
            Category c = q(causalReads).getCategory(GetCategoryRequest.newBuilder().setId(ids[0]).build());
            check(c.getName().equals("Demo " + suffix), "GetCategory after CreateCategory read name '" + c.getName() + "'");
            return c.getServedBy();
        });
        call("write", "CreateProduct 'Demo lamp " + suffix + "'", Expect.SOURCE, () -> {
            Product p = c(commands).createProduct(CreateProductRequest.newBuilder().setCategoryId(ids[0])
                    .setName("Demo lamp " + suffix).setPriceCents(1999).setStock(5).build());
            ids[1] = p.getId();
            return p.getServedBy();
        });
        call("read ", "SearchProducts 'Demo lamp' with the token", Expect.REPLICA, () -> {
            SearchProductsResponse r = q(causalReads).searchProducts(SearchProductsRequest.newBuilder().setNamePrefix("Demo lamp " + suffix).build());
            check(r.getProductsCount() == 1, "SearchProducts after CreateProduct found " + r.getProductsCount() + " products");
            return r.getServedBy();
        });
        call("write", "UpdateProduct " + ids[1] + " stock 5 -> 4", Expect.SOURCE, () -> c(commands).updateProduct(UpdateProductRequest.newBuilder()
                .setId(ids[1]).setName("Demo lamp " + suffix).setPriceCents(1999).setStock(4).build()).getServedBy());
        call("read ", "GetProduct " + ids[1] + " with the token", Expect.REPLICA, () -> {
            Product p = q(causalReads).getProduct(GetProductRequest.newBuilder().setId(ids[1]).build());
            check(p.getStock() == 4, "GetProduct after UpdateProduct read stock " + p.getStock());
            return p.getServedBy();
        });
        try {
            q(reads).getCategory(GetCategoryRequest.newBuilder().setId(999_999_999L).build());
            failures.add("GetCategory of a missing id did not fail");
        } catch (StatusRuntimeException e) {
            out.printf("  %2d. read   GetCategory 999999999 -> %s (%s)%n", ++step, e.getStatus().getCode(), e.getStatus().getDescription());
            check(e.getStatus().getCode() == Status.Code.NOT_FOUND, "missing category gave " + e.getStatus().getCode());
        }

        out.println();
        out.println("Replica paused (SIGSTOP " + replica.name() + ", pid " + replica.pid() + "): reads fall back to the source");
        replica.pause();
        try {
            Thread.sleep(700); // past HikariCP's 500 ms window in which it hands out a connection unchecked
            for (int i = 0; i < 2; i++) {
                call("read ", "ListCategories", Expect.SOURCE, () -> q(reads).listCategories(ListCategoriesRequest.getDefaultInstance()).getServedBy());
            }
            call("write", "RenameCategory " + ids[0], Expect.SOURCE, () -> c(commands).renameCategory(RenameCategoryRequest.newBuilder()
                    .setId(ids[0]).setName("Demo " + suffix + " (renamed)").build()).getServedBy());
            call("read ", "GetCategory " + ids[0] + " with the token", Expect.SOURCE, () -> {
                Category c = q(causalReads).getCategory(GetCategoryRequest.newBuilder().setId(ids[0]).build());
                check(c.getName().endsWith("(renamed)"), "GetCategory after RenameCategory read '" + c.getName() + "'");
                return c.getServedBy();
            });
        } finally {
            if (replica.isRunning() && replica.isPaused()) {
                replica.resume();
            }
        }

        out.println();
        out.println("Replica resumed (SIGCONT): reads return to it");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long served;
        int tries = 0;
        do {
            if (tries++ > 0) {
                Thread.sleep(200);
            }
            served = quiet(() -> q(reads).listCategories(ListCategoriesRequest.getDefaultInstance()).getServedBy());
        } while (served != replicaId && System.nanoTime() < deadline);
        long first = served;
        call("read ", "ListCategories (after " + tries + " tr" + (tries == 1 ? "y" : "ies") + ")", Expect.REPLICA, () -> first);
        call("read ", "GetCategory " + ids[0] + " with the token", Expect.REPLICA, () -> {
            Category c = q(causalReads).getCategory(GetCategoryRequest.newBuilder().setId(ids[0]).build());
            check(c.getName().endsWith("(renamed)"), "GetCategory after resume read '" + c.getName() + "'");
            return c.getServedBy();
        });
    }

    private long quiet(LongSupplier call) {
        try {
            long s = call.getAsLong();
            answers.merge(s, 1L, Long::sum);
            return s;
        } catch (StatusRuntimeException e) {
            return -1;
        }
    }

    private void call(String kind, String what, Expect expect, LongSupplier call) {
        if (stopped.getAsBoolean()) {
            throw new CancellationException("stopped");
        }
        int n = ++step;
        long servedBy;
        try {
            servedBy = call.getAsLong();
        } catch (StatusRuntimeException e) {
            if (stopped.getAsBoolean()) {
                throw new CancellationException("stopped");
            }
            out.printf("  %2d. %s  %-48s -> %s: %s%n", n, kind, what, e.getStatus().getCode(), e.getStatus().getDescription());
            failures.add("step " + n + " (" + what + ") failed: " + e.getStatus());
            return;
        }
        answers.merge(servedBy, 1L, Long::sum);
        long expectedId = expect == Expect.SOURCE ? sourceId : replicaId;
        String where = servedBy == sourceId ? "source" : servedBy == replicaId ? replica.name() : "?";
        boolean ok = servedBy == expectedId;
        out.printf("  %2d. %s  %-48s -> server_id %d (%s)%s%n", n, kind, what, servedBy, where,
                ok ? "" : "   UNEXPECTED: should be the " + expect.name().toLowerCase());
        if (!ok) {
            failures.add("step " + n + " (" + what + ") was served by server_id " + servedBy + ", expected the "
                    + expect.name().toLowerCase() + " (server_id " + expectedId + ")");
        }
    }

    private void check(boolean condition, String failure) {
        if (!condition) {
            failures.add(failure);
        }
    }

    private static CatalogCommandServiceBlockingStub c(CatalogCommandServiceBlockingStub s) {
        return s.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static CatalogQueryServiceBlockingStub q(CatalogQueryServiceBlockingStub s) {
        return s.withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
