package io.cqrs.admin.data;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ProgressListener;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.identity.TargetGuard;
import io.cqrs.admin.internal.ProgressTracker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The runbook's {@code create-data}: the sample shop schema {@code sample_db} (categories,
 * products, customers, orders, order_items, with foreign keys and indexes) and deterministic rows,
 * fast (multi-row batched inserts). {@code rows} is the number of order_items; the other tables
 * scale with it. The same {@code rows} always yields the same content.
 */
public final class SampleData {

    /** The sample schema's database name. */
    public static final String DATABASE = "sample_db";
    private static final int ROWS_PER_INSERT = 1000;

    private SampleData() {
    }

    /** Row counts per table for a given size. */
    public record Size(int categories, int products, int customers, int orders, int orderItems) {
        /** Row counts for about {@code rows} rows in all, 1 to 100,000,000. */
        public static Size of(int rows) {
            if (rows < 1 || rows > 100_000_000) {
                throw new IllegalArgumentException("rows = " + rows + " is out of range; use 1-100000000");
            }
            int orders = Math.max(1, rows / 3);
            return new Size(Math.max(5, Math.min(200, rows / 500)), Math.max(10, rows / 20), Math.max(10, rows / 10), orders, rows);
        }

        /** Rows in all tables together. */
        public long total() {
            return (long) categories + products + customers + orders + orderItems;
        }
    }

    static final String[] SCHEMA = {
        "CREATE DATABASE IF NOT EXISTS sample_db DEFAULT CHARACTER SET utf8mb4",
        "CREATE TABLE sample_db.categories (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
            + "description TEXT NULL, created_at DATETIME(3) NOT NULL, UNIQUE KEY uk_categories_name (name)) ENGINE=InnoDB",
        "CREATE TABLE sample_db.products (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, category_id INT UNSIGNED NOT NULL, "
            + "sku VARCHAR(32) NOT NULL, name VARCHAR(200) NOT NULL, price DECIMAL(10,2) NOT NULL, stock INT NOT NULL DEFAULT 0, "
            + "attributes JSON NULL, thumbnail VARBINARY(64) NULL, created_at DATETIME(3) NOT NULL, "
            + "UNIQUE KEY uk_products_sku (sku), KEY ix_products_category (category_id), "
            + "CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (id)) ENGINE=InnoDB",
        "CREATE TABLE sample_db.customers (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(190) NOT NULL, "
            + "name VARCHAR(100) NOT NULL, birth_date DATE NULL, note VARCHAR(255) NULL, created_at DATETIME(3) NOT NULL, "
            + "UNIQUE KEY uk_customers_email (email)) ENGINE=InnoDB",
        "CREATE TABLE sample_db.orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id INT UNSIGNED NOT NULL, "
            + "status ENUM('NEW','PAID','SHIPPED','CANCELLED') NOT NULL, total DECIMAL(12,2) NOT NULL, ordered_at DATETIME NOT NULL, "
            + "KEY ix_orders_customer (customer_id, ordered_at), KEY ix_orders_status (status), "
            + "CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB",
        "CREATE TABLE sample_db.order_items (order_id BIGINT UNSIGNED NOT NULL, line_no SMALLINT UNSIGNED NOT NULL, "
            + "product_id INT UNSIGNED NOT NULL, quantity INT NOT NULL, unit_price DECIMAL(10,2) NOT NULL, "
            + "PRIMARY KEY (order_id, line_no), KEY ix_order_items_product (product_id), "
            + "CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (id), "
            + "CONSTRAINT fk_order_items_product FOREIGN KEY (product_id) REFERENCES products (id)) ENGINE=InnoDB",
        "CREATE VIEW sample_db.order_totals AS SELECT o.id AS order_id, o.customer_id, SUM(i.quantity * i.unit_price) AS amount "
            + "FROM sample_db.orders o JOIN sample_db.order_items i ON i.order_id = o.id GROUP BY o.id, o.customer_id",
    };

    /**
     * Creates {@code sample_db} on the server (which must not have it yet) and fills it. The server
     * must be a source: one that replicates from another server is refused, changing nothing.
     *
     * @param rows order_items rows; the other tables scale with it (see {@link Size#of})
     */
    public static Size create(ServerEndpoint server, int rows, ProgressListener listener) {
        TargetGuard.checkWritableSource(server, "create-data");
        Size size = Size.of(rows);
        ProgressTracker progress = new ProgressTracker("create-data", listener);
        progress.totals(size.total(), 0, 5);
        try (Connection c = server.connect(null, Map.of("rewriteBatchedStatements", "true")); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'sample_db'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw new AdminException("create-data refused: " + server + " already has the database " + DATABASE
                            + "; drop it first (DROP DATABASE " + DATABASE + ") or use another server");
                }
            }
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
            c.setAutoCommit(false);
            insert(c, progress, "categories (id, name, description, created_at)", size.categories(), i ->
                    "(" + i + ",'Category " + i + "'," + (i % 3 == 0 ? "NULL" : "'Things of kind " + i + " — «ü» 日本'") + ","
                            + ts(i) + ")");
            insert(c, progress, "products (id, category_id, sku, name, price, stock, attributes, thumbnail, created_at)", size.products(), i ->
                    "(" + i + "," + (1 + i % size.categories()) + ",'SKU-" + String.format("%08d", i) + "','Product " + i
                            + (i % 7 == 0 ? " it''s \\\\ \"special\"" : "") + "'," + price(i) + "," + (i * 7 % 500) + ","
                            + (i % 4 == 0 ? "NULL" : "'{\"color\": \"c" + (i % 9) + "\", \"size\": " + (i % 5) + "}'") + ","
                            + (i % 5 == 0 ? "NULL" : "0x" + String.format("%08X", i * 2654435761L & 0xffffffffL) + "00FF") + "," + ts(i) + ")");
            insert(c, progress, "customers (id, email, name, birth_date, note, created_at)", size.customers(), i ->
                    "(" + i + ",'customer" + i + "@example.com','Customer " + i + "'," + (i % 6 == 0 ? "NULL" : "'19" + (50 + i % 50) + "-"
                            + String.format("%02d", 1 + i % 12) + "-" + String.format("%02d", 1 + i % 28) + "'") + ","
                            + (i % 10 == 0 ? "'line1\\nline2\\ttab'" : "NULL") + "," + ts(i) + ")");
            insert(c, progress, "orders (id, customer_id, status, total, ordered_at)", size.orders(), i ->
                    "(" + i + "," + (1 + i % size.customers()) + ",'" + new String[] {"NEW", "PAID", "SHIPPED", "CANCELLED"}[i % 4] + "',"
                            + price(i * 3L) + ",'2024-" + String.format("%02d", 1 + i % 12) + "-" + String.format("%02d", 1 + i % 28)
                            + " " + String.format("%02d:%02d:%02d", i % 24, i % 60, (i * 7) % 60) + "')");
            int perOrder = Math.max(1, (size.orderItems() + size.orders() - 1) / size.orders());
            insert(c, progress, "order_items (order_id, line_no, product_id, quantity, unit_price)", size.orderItems(), i ->
                    "(" + (1 + (i - 1) / perOrder) + "," + (1 + (i - 1) % perOrder) + "," + (1 + i % size.products()) + ","
                            + (1 + i % 9) + "," + price(i) + ")");
            progress.finish();
            return size;
        } catch (AdminException e) {
            throw e;
        } catch (SQLException e) {
            throw new AdminException("create-data on " + server + " failed: " + e.getMessage(), e);
        }
    }

    private static String ts(long i) {
        return "'2023-" + String.format("%02d", 1 + i % 12) + "-" + String.format("%02d", 1 + i % 28) + " "
                + String.format("%02d:%02d:%02d.%03d", i % 24, i % 60, (i * 13) % 60, i % 1000) + "'";
    }

    private static String price(long i) {
        long cents = 100 + (i * 7919) % 99_900;
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }

    private interface RowSql {
        String row(int i);
    }

    private static void insert(Connection c, ProgressTracker progress, String target, int count, RowSql row) throws SQLException {
        try (Statement st = c.createStatement()) {
            StringBuilder sb = new StringBuilder();
            int batched = 0;
            for (int i = 1; i <= count; i++) {
                if (sb.isEmpty()) {
                    sb.append("INSERT INTO sample_db.").append(target).append(" VALUES ");
                } else {
                    sb.append(',');
                }
                sb.append(row.row(i));
                if (i % ROWS_PER_INSERT == 0 || i == count) {
                    st.addBatch(sb.toString());
                    progress.add(i % ROWS_PER_INSERT == 0 ? ROWS_PER_INSERT : i % ROWS_PER_INSERT, sb.length(), 1);
                    sb.setLength(0);
                    if (++batched == 8) {
                        st.executeBatch();
                        c.commit();
                        batched = 0;
                    }
                }
            }
            st.executeBatch();
            c.commit();
            progress.tableDone();
        }
    }
}
