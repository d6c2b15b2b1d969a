package io.cqrs.bench.provision;

import io.cqrs.admin.ServerEndpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The "many small tables" shape: {@code many_db} with {@link #TABLES} tables {@code t001 …}, each with an INT
 * auto-increment key, two secondary keys (one on an INT column, one on a VARCHAR and a DATETIME), a VARCHAR of
 * ~100 bytes and a DECIMAL(10,2) — a schema of many modest tables, as a service with one table per entity or per
 * tenant has. {@code rows} rows in all, spread evenly. Generated on the source by a recursive CTE per table (both
 * flavours).
 */
final class ManyTables {

    static final String DATABASE = "many_db";
    static final int TABLES = 300;

    private ManyTables() {
    }

    /** The name of table {@code i} (from 1). */
    static String table(int i) {
        return String.format("t%03d", i);
    }

    /** Rows in each table for {@code rows} in all. */
    static int rowsPerTable(int rows) {
        return Math.max(1, rows / TABLES);
    }

    /** Creates the database on {@code source}; returns the rows in all its tables. */
    static long create(ServerEndpoint source, int rows) throws SQLException {
        int perTable = rowsPerTable(rows);
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
            st.execute("USE " + DATABASE);
            try {
                st.execute("SET SESSION cte_max_recursion_depth = " + Math.max(1000, perTable)); // MySQL
            } catch (SQLException mariadb) {
                st.execute("SET SESSION max_recursive_iterations = " + Math.max(1000, perTable));
            }
            for (int i = 1; i <= TABLES; i++) {
                String t = table(i);
                st.execute("CREATE TABLE " + t + " (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, tenant_id INT NOT NULL,"
                        + " status VARCHAR(16) NOT NULL, title VARCHAR(120) NOT NULL, amount DECIMAL(10,2) NOT NULL,"
                        + " updated_at DATETIME NOT NULL, KEY idx_tenant (tenant_id), KEY idx_status_updated (status, updated_at))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
                st.execute("INSERT INTO " + t + " (tenant_id, status, title, amount, updated_at)"
                        + " WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + perTable + ")"
                        + " SELECT (n * 7919 + " + i + ") % 997, ELT(1 + (n + " + i + ") % 4, 'new', 'paid', 'shipped', 'closed'),"
                        + " LEFT(CONCAT('Item ', n, ' of " + t + " ', MD5(n * 31 + " + i + "), ' ', MD5(n * 17)), 100),"
                        + " ROUND(((n * 37 + " + i + ") % 100000) / 100, 2),"
                        + " TIMESTAMP('2024-01-01 00:00:00') + INTERVAL (n * 13 + " + i + ") % 31536000 SECOND FROM s");
            }
            return (long) perTable * TABLES;
        }
    }
}
