package io.cqrs.admin.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The tables a consistent snapshot ({@code START TRANSACTION WITH CONSISTENT SNAPSHOT}) does not cover: base and
 * system-versioned tables of every engine but InnoDB (MyISAM, Aria, MEMORY...). The snapshot copies them, and verify compares them, while the
 * source's read lock still holds. May change at any time.
 */
public final class NonTransactionalTables {

    private NonTransactionalTables() {
    }

    /** Such tables on the server of {@code c}, as {@code db.table}. */
    public static Set<String> of(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE IN " + SystemVersioning.TABLE_TYPES + " AND ENGINE IS NOT NULL AND ENGINE <> 'InnoDB'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }
}
