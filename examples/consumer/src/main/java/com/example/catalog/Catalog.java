package com.example.catalog;

// The region between the snippet markers is the README's "Using the routing DataSource" example,
// word for word (ReadmeSnippetTest compares them; edit both or neither).
// snippet:begin catalog
import io.cqrs.routing.EndpointConfig;
import io.cqrs.routing.RoutingConfig;
import io.cqrs.routing.RoutingDataSource;
import io.cqrs.routing.jdbi.RoutingJdbi;
import io.cqrs.routing.jdbi.RoutingPlugin;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A catalog's categories: written on the source, read from a replica, with JDBC or with Jdbi. */
public final class Catalog implements AutoCloseable {

    /** A category, with the @@server_id of the server that wrote it and of the one that read it. */
    public record Category(String name, long writtenBy, long readBy) {}

    /** The table, created on the source (by your migrations) and replicated. */
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS categories "
            + "(id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, written_by BIGINT NOT NULL)";
    static final String INSERT = "INSERT INTO categories (name, written_by) VALUES (?, @@server_id)";
    static final String SELECT = "SELECT name, written_by, @@server_id FROM categories ORDER BY id";

    private final RoutingDataSource ds;
    private final Jdbi jdbi;

    public Catalog(String sourceUrl, String replicaUrl, String user, String password) {
        ds = new RoutingDataSource(RoutingConfig.builder()
                .source(EndpointConfig.builder("source").jdbcUrl(sourceUrl).username(user).password(password).build())
                .replica(EndpointConfig.builder("replica-1").jdbcUrl(replicaUrl).username(user).password(password).build())
                .build());                                   // or RoutingConfig.fromProperties(props)
        jdbi = Jdbi.create(ds).installPlugin(RoutingPlugin.create());
    }

    /** JDBC, read-write (the default): runs on the source. */
    public void add(String name) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    /** JDBC, read-only: runs on a replica. */
    public List<Category> list() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
                List<Category> categories = new ArrayList<>();
                while (rs.next()) {
                    categories.add(new Category(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
                return categories;
            }
        }
    }

    /** Jdbi, a transaction: runs on the source. */
    public void addWithJdbi(String name) {
        jdbi.useTransaction(h -> h.execute(INSERT, name));
    }

    /** Jdbi, read-only: runs on a replica. */
    public List<Category> listWithJdbi() {
        return RoutingJdbi.readOnly(jdbi, h -> h.createQuery(SELECT)
                .map((rs, ctx) -> new Category(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .list());
    }

    @Override
    public void close() {
        ds.close();
    }

    /** Against the runbook's pair: command DB (source) on port 3306, query DB (replica) on 3307. */
    public static void main(String[] args) throws SQLException {
        try (Catalog catalog = new Catalog("jdbc:mysql://localhost:3306/catalog?trackSessionState=true",
                "jdbc:mysql://localhost:3307/catalog", "app", System.getenv("DB_PASSWORD"))) {
            catalog.add("books");
            catalog.list().forEach(System.out::println);   // Category[name=books, writtenBy=1, readBy=2]
        }
    }
}
// snippet:end catalog
