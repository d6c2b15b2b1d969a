package io.cqrs.bench.provision;

import io.cqrs.admin.ServerEndpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The "one large table" shape of issue #18: {@code big_db.products} (BIGINT auto-increment key,
 * one secondary key on an INT column, VARCHARs of ~40 and ~100 bytes, a DECIMAL(10,2), a DATETIME)
 * with {@code rows} rows, plus {@code big_db.suppliers} with 1,000 rows. Generated on the source
 * by a recursive CTE (both flavours), 100,000 rows per transaction. With {@link Key#TEXT} the key is
 * {@code CHAR(32)}, the MD5 of the row number: random order, like UUID keys.
 */
final class OneLargeTable {

    static final String DATABASE = "big_db";

    /** The big table's primary key. */
    enum Key {
        /** BIGINT AUTO_INCREMENT: the snapshot splits it into key ranges. */
        BIGINT("id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", "", ""),
        /** CHAR(32), hex in random order: not split, read in one pass in key order. */
        TEXT("id CHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY", "id, ", "MD5(CONCAT('k', n)), ");

        final String column;
        final String insertColumn;
        final String insertValue;

        Key(String column, String insertColumn, String insertValue) {
            this.column = column;
            this.insertColumn = insertColumn;
            this.insertValue = insertValue;
        }
    }

    private OneLargeTable() {
    }

    /** Creates the database on {@code source}; returns the rows in all its tables. */
    static long create(ServerEndpoint source, int rows, Key key) throws SQLException {
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
            st.execute("USE " + DATABASE);
            st.execute("CREATE TABLE products (" + key.column + ", category_id INT NOT NULL,"
                    + " sku VARCHAR(64) NOT NULL, name VARCHAR(160) NOT NULL, price DECIMAL(10,2) NOT NULL, created_at DATETIME NOT NULL,"
                    + " KEY idx_category (category_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            st.execute("CREATE TABLE suppliers (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " country CHAR(2) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            try {
                st.execute("SET SESSION cte_max_recursion_depth = 1000000"); // MySQL
            } catch (SQLException mariadb) {
                st.execute("SET SESSION max_recursive_iterations = 1000000");
            }
            st.execute("INSERT INTO suppliers (name, country) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)"
                    + " SELECT CONCAT('Supplier ', n, ' ', MD5(n)), ELT(1 + n % 5, 'DE', 'FR', 'JP', 'US', 'BR') FROM s");
            int batch = 100_000;
            for (int from = 0; from < rows; from += batch) {
                int n = Math.min(batch, rows - from);
                st.execute("INSERT INTO products (" + key.insertColumn + "category_id, sku, name, price, created_at)"
                        + " WITH RECURSIVE s(n) AS (SELECT " + (from + 1) + " UNION ALL SELECT n + 1 FROM s WHERE n < " + (from + n) + ")"
                        + " SELECT " + key.insertValue + "(n * 7919) % 5000, LEFT(CONCAT('SKU-', LPAD(n, 9, '0'), '-', MD5(n)), 40),"
                        + " LEFT(CONCAT('Product ', n, ' ', MD5(n * 31), ' ', MD5(n * 17), ' ', MD5(n * 13)), 100),"
                        + " ROUND(((n * 37) % 100000) / 100, 2), TIMESTAMP('2024-01-01 00:00:00') + INTERVAL (n * 13) % 31536000 SECOND FROM s");
            }
            return rows + 1000L;
        }
    }
}
