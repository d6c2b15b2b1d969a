package com.example.catalog;

import com.example.catalog.Catalog.Category;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example against a real source + replica (MySQL 8.0.15 and MariaDB 10.11, started
 * by {@code cqrs-sandbox}): every row says which server wrote it ({@code written_by}, filled in by
 * the server that ran the INSERT) and which one served the read ({@code @@server_id} in the SELECT).
 */
class CatalogIT {

    @SandboxTest
    void writesRunOnTheSourceAndReadOnlyWorkOnTheReplica(Sandbox sandbox) throws SQLException {
        SandboxServer source = sandbox.source();
        SandboxServer replica = sandbox.replica(0);
        long sourceId = serverId(source);
        long replicaId = serverId(replica);
        assertThat(sourceId).as("the two servers tell themselves apart").isNotEqualTo(replicaId);

        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE catalog");
            s.execute("USE catalog");
            s.execute(Catalog.SCHEMA);
        }
        sandbox.sync(Duration.ofSeconds(30));

        try (Catalog catalog = new Catalog(source.jdbcUrl("catalog") + "&trackSessionState=true",
                replica.jdbcUrl("catalog"), source.user(), source.password())) {
            catalog.add("books");             // JDBC
            catalog.addWithJdbi("music");     // Jdbi
            sandbox.sync(Duration.ofSeconds(30));   // the replica has applied both

            List<Category> expected = List.of(new Category("books", sourceId, replicaId),
                    new Category("music", sourceId, replicaId));
            // a replica takes reads once the lag monitor has measured it (a fraction of a second after start)
            List<List<Category>> last = new java.util.ArrayList<>(List.of(List.of()));
            io.cqrs.sandbox.SandboxTools.eventually(Duration.ofSeconds(10), () -> {
                try {
                    last.set(0, catalog.list());
                    return last.get(0).equals(expected);
                } catch (SQLException e) {
                    return false;
                }
            });
            List<Category> read = last.get(0);
            assertThat(read).as("JDBC read-only: served by the replica").isEqualTo(expected);
            assertThat(catalog.listWithJdbi()).as("Jdbi read-only: served by the replica").isEqualTo(expected);
        }
        try (Connection c = source.connect("catalog"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM categories WHERE written_by = @@server_id")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows the source wrote itself").isEqualTo(2);
        }
    }

    @Test
    void theExampleNeedsNothingButItsOwnDependencies() {
        // nothing of the build tree is on the class path: the library comes from a Maven repository
        assertThat(Catalog.class.getProtectionDomain().getCodeSource().getLocation().getPath()).contains("examples/consumer");
        String routing = io.cqrs.routing.RoutingDataSource.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(routing).as("cqrs-routing comes from a Maven repository, as a jar").endsWith(".jar").contains("/io/cqrs/cqrs-routing/");
    }

    private static long serverId(SandboxServer server) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
