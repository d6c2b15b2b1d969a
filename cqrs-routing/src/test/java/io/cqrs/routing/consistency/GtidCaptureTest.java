package io.cqrs.routing.consistency;

import io.cqrs.routing.testing.FakeJdbc;
import io.cqrs.routing.testing.FakeJdbc.Result;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;

class GtidCaptureTest {

    @Test
    void mariaDb_usesLastGtidWhenTheServerHasIt() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single("0-1-42"));
        GtidCapture capture = GtidCapture.detect(db.connection(), MARIADB);
        assertThat(capture.name()).isEqualTo("mariadb-last-gtid");
        assertThat(capture.lastCommitted(db.connection())).isEqualTo("0-1-42");
    }

    @Test
    void mariaDbWithoutLastGtid_fallsBackToBinlogPos() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> {
            if (sql.contains("last_gtid")) {
                throw new SQLException("Unknown system variable 'last_gtid'", "HY000", 1193);
            }
            return Result.single("0-1-40");
        });
        GtidCapture capture = GtidCapture.detect(db.connection(), MARIADB);
        assertThat(capture.name()).isEqualTo("mariadb-gtid-binlog-pos");
        assertThat(capture.lastCommitted(db.connection())).isEqualTo("0-1-40");
    }

    @Test
    void mysqlWithoutConnectorJConnection_fallsBackToGtidExecuted() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single("u:1-5\n"));
        GtidCapture capture = GtidCapture.detect(db.connection(), MYSQL);
        assertThat(capture.name()).isEqualTo("mysql-gtid-executed");
        assertThat(capture.lastCommitted(db.connection())).isEqualTo("u:1-5");
    }

    @Test
    void nullFromServer_meansNothingCaptured() throws SQLException {
        FakeJdbc db = new FakeJdbc((sql, p) -> Result.single(null));
        assertThat(GtidCapture.mariaDbLastGtid().lastCommitted(db.connection())).isEmpty();
    }
}
