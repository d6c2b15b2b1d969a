package io.cqrs.admin.replication;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.cqrs.admin.replication.ReplicationStatusTest.mariadb1011WrongPassword;
import static io.cqrs.admin.replication.ReplicationStatusTest.mysql8015Healthy;
import static io.cqrs.admin.replication.ReplicationStatusTest.mysql80PurgedBinlogs;
import static io.cqrs.admin.replication.ReplicationStatusTest.row;
import static org.assertj.core.api.Assertions.assertThat;

/** When waiting for the replication threads ends early: the one rule every start and repoint uses. */
class ReplicationThreadsTest {

    @Test
    void bothThreadsRunning_isRunning_andNotFailed() {
        ReplicationStatus s = ReplicationStatus.fromRow(mysql8015Healthy());
        assertThat(ReplicationThreads.running(s)).isTrue();
        assertThat(ReplicationThreads.failed(s)).isFalse();
    }

    @Test
    void ioThreadStoppedOnAnError_orRetryingOnAWrongPassword_hasFailed_waitingWillNotHelp() {
        assertThat(ReplicationThreads.failed(ReplicationStatus.fromRow(mysql80PurgedBinlogs()))).as("IO stopped on 13114").isTrue();
        assertThat(ReplicationThreads.failed(ReplicationStatus.fromRow(mariadb1011WrongPassword()))).as("connecting, 1045").isTrue();
    }

    @Test
    void retryingWhileTheSourceDoesNotAnswerYet_keepsWaiting() {
        Map<String, String> r = mariadb1011WrongPassword();
        r.put("Last_IO_Errno", "2003");
        r.put("Last_IO_Error", "error connecting to master 'repl@127.0.0.1:3307' - Can't connect to MySQL server");
        ReplicationStatus s = ReplicationStatus.fromRow(r);
        assertThat(ReplicationThreads.running(s)).isFalse();
        assertThat(ReplicationThreads.failed(s)).isFalse();
    }

    @Test
    void anApplierError_hasFailed() {
        ReplicationStatus s = ReplicationStatus.fromRow(row("Slave_IO_Running", "Yes", "Slave_SQL_Running", "No",
                "Last_SQL_Errno", "1062", "Last_SQL_Error", "Duplicate entry '1' for key 'PRIMARY'", "Master_Host", "h", "Master_Port", "1"));
        assertThat(ReplicationThreads.failed(s)).isTrue();
    }
}
