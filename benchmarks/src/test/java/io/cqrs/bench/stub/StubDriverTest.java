package io.cqrs.bench.stub;

import io.cqrs.common.ServerVersion;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class StubDriverTest {

    @Test
    void stubConnection_answersTheBenchmarkQueryWith42_andUpdatesWith1() throws Exception {
        StubDriver.register();
        try (Connection c = DriverManager.getConnection(StubDriver.PREFIX + "x");
             PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id = ?")) {
            ps.setLong(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(42L);
                assertThat(rs.next()).isFalse();
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void stubServer_passesForMariaDb_andHandsOutIncreasingGtids() throws Exception {
        StubDriver.register();
        try (Connection c = DriverManager.getConnection(StubDriver.PREFIX + "x"); Statement st = c.createStatement()) {
            assertThat(ServerVersion.detect(c).flavor().name()).isEqualTo("MARIADB");
            String first;
            try (ResultSet rs = st.executeQuery("SELECT @@last_gtid")) {
                rs.next();
                first = rs.getString(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_slave_pos")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(first).isEqualTo(StubServer.lastGtid()).startsWith("0-1-");
            }
        }
    }
}
