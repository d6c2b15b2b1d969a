package io.cqrs.sample.service;

import io.cqrs.sample.grpc.Category;
import io.cqrs.sample.grpc.Product;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The SQL of the catalog, one method per statement. */
final class CatalogRepository {

    private static final RowMapper<Category> CATEGORY = (rs, ctx) -> Category.newBuilder()
            .setId(rs.getLong("id")).setName(rs.getString("name")).build();
    private static final RowMapper<Product> PRODUCT = (rs, ctx) -> Product.newBuilder()
            .setId(rs.getLong("id")).setCategoryId(rs.getLong("category_id")).setName(rs.getString("name"))
            .setPriceCents(rs.getLong("price_cents")).setStock(rs.getInt("stock")).build();
    private static final String PRODUCT_COLUMNS = "id, category_id, name, price_cents, stock";

    private CatalogRepository() {
    }

    static long insertCategory(Handle h, String name) {
        return h.createUpdate("INSERT INTO categories (name) VALUES (:name)").bind("name", name)
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
        return h.createUpdate("INSERT INTO products (category_id, name, price_cents, stock) VALUES (:c, :n, :p, :s)")
                .bind("c", categoryId).bind("n", name).bind("p", priceCents).bind("s", stock)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    static int updateProduct(Handle h, long id, String name, long priceCents, int stock) {
        return h.createUpdate("UPDATE products SET name = :n, price_cents = :p, stock = :s WHERE id = :id")
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

    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
