package io.cqrs.admin.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A MariaDB sequence as the snapshot copies it: its definition and where it stood in the snapshot. Created
 * before the tables (a column's {@code DEFAULT NEXT VALUE FOR s} needs it), then moved to that value, so the
 * copy hands out what the source would have handed out next at the snapshot's GTID position; replication
 * carries the source's later reservations.
 *
 * @param createSql     {@code SHOW CREATE SEQUENCE} text (names the sequence without its database)
 * @param nextValue     the sequence's {@code next_not_cached_value} in the snapshot
 * @param round         its {@code cycle_count} (for a sequence that cycles)
 */
public record SequenceSpec(String database, String name, String createSql, long nextValue, long round) {

    /** Reads {@code name}'s value on {@code snapshot}, a connection inside the snapshot's transaction. */
    static SequenceSpec read(Connection snapshot, String database, String name, String createSql) throws SQLException {
        try (Statement st = snapshot.createStatement();
             ResultSet rs = st.executeQuery("SELECT next_not_cached_value, cycle_count FROM " + SqlValues.qualified(database, name))) {
            if (!rs.next()) {
                throw new SQLException("sequence " + database + "." + name + " has no row");
            }
            return new SequenceSpec(database, name, createSql, rs.getLong(1), rs.getLong(2));
        }
    }

    /** The statements that make it on a target whose default database is {@link #database()}. */
    public List<String> statements() {
        String id = SqlValues.identifier(name);
        return List.of("DROP SEQUENCE IF EXISTS " + id, createSql,
                "SELECT SETVAL(" + id + ", " + nextValue + ", 0, " + round + ")");
    }
}
