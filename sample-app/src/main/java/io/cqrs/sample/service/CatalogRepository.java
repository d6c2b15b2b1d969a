package io.cqrs.sample.service;

import io.cqrs.sample.grpc.Category;
import io.cqrs.sample.grpc.Product;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/**
 * The SQL of the catalog, one method per statement, on the {@code sample_db} schema that
 * {@code cqrs-admin create-data} creates ({@link io.cqrs.admin.data.SampleData}): prices are
 * {@code DECIMAL(10,2)} there and cents in the API; products need a unique SKU.
 */
final class CatalogRepository {

    private static final RowMapper<Category> CATEGORY = (rs, ctx) -> Category.newBuilder()
            .setId(rs.getLong("id")).setName(rs.getString("name")).build();
    private static final RowMapper<Product> PRODUCT = (rs, ctx) -> Product.newBuilder()
            .setId(rs.getLong("id")).setCategoryId(rs.getLong("category_id")).setName(rs.getString("name"))
            .setPriceCents(rs.getLong("price_cents")).setStock(rs.getInt("stock")).build();
    private static final String PRODUCT_COLUMNS = "id, category_id, name, CAST(ROUND(price * 100) AS SIGNED) AS price_cents, stock";

    private CatalogRepository() {
    }

    static long insertCategory(Handle h, String name) {
        return h.createUpdate("INSERT INTO categories (name, created_at) VALUES (:name, NOW(3))").bind("name", name)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    static int renameCategory(Handle h, long id, String name) {
        return h.createUpdate("UPDATE categories SET name = :name WHERE id = :id").bind("id", id).bind("name", name).execute();
    }

    static int deleteCategory(Handle h, long id) {
        return h.createUpdate("DELETE FROM categories WHERE id = :id").bind("id", id).execute();
    }

    static Optional<Category> category(Handle h, long id) {
        return h.createQuery("SELECT id, name FROM categories WHERE id = :id").bind("id", id).map(CATEGORY).findOne();
    }

    static List<Category> categories(Handle h, int limit) {
        return h.createQuery("SELECT id, name FROM categories ORDER BY id LIMIT :limit").bind("limit", limit).map(CATEGORY).list();
    }

    static long insertProduct(Handle h, long categoryId, String name, long priceCents, int stock) {
        return h.createUpdate("INSERT INTO products (category_id, sku, name, price, stock, created_at)"
                        + " VALUES (:c, :sku, :n, CAST(:p AS DECIMAL(12,0)) / 100, :s, NOW(3))")
                .bind("c", categoryId).bind("sku", newSku()).bind("n", name).bind("p", priceCents).bind("s", stock)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    static int updateProduct(Handle h, long id, String name, long priceCents, int stock) {
        return h.createUpdate("UPDATE products SET name = :n, price = CAST(:p AS DECIMAL(12,0)) / 100, stock = :s WHERE id = :id")
                .bind("id", id).bind("n", name).bind("p", priceCents).bind("s", stock).execute();
    }

    static Optional<Product> product(Handle h, long id) {
        return h.createQuery("SELECT " + PRODUCT_COLUMNS + " FROM products WHERE id = :id").bind("id", id).map(PRODUCT).findOne();
    }

    /** Products whose name starts with {@code prefix} (LIKE wildcards in it match literally), optionally in one category. */
    static List<Product> searchProducts(Handle h, String prefix, long categoryId, int limit) {
        String sql = "SELECT " + PRODUCT_COLUMNS + " FROM products WHERE name LIKE :pattern ESCAPE '!'"
                + (categoryId > 0 ? " AND category_id = :category" : "") + " ORDER BY id LIMIT :limit";
        var q = h.createQuery(sql).bind("pattern", escapeLike(prefix) + "%").bind("limit", limit);
        if (categoryId > 0) {
            q.bind("category", categoryId);
        }
        return q.map(PRODUCT).list();
    }

    /** A SKU for a product created through the API (the schema requires a unique one). */
    static String newSku() {
        return "API-" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    }

    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
