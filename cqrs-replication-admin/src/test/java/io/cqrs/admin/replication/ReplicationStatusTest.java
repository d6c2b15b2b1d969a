package io.cqrs.admin.replication;

import io.cqrs.admin.replication.ReplicationStatus.IoThreadState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationStatusTest {

    static final String SOURCE_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    /** Builds a row from name/value pairs; a null value is SQL NULL. */
    static Map<String, String> row(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** SHOW SLAVE STATUS of a healthy MySQL 8.0.15 replica (the sandbox's version), most columns. */
    static Map<String, String> mysql8015Healthy() {
        return row(
                "Slave_IO_State", "Waiting for master to send event",
                "Master_Host", "127.0.0.1", "Master_User", "repl", "Master_Port", "3306", "Connect_Retry", "10",
                "Master_Log_File", "binlog.000002", "Read_Master_Log_Pos", "4711",
                "Relay_Log_File", "relay.000003", "Relay_Log_Pos", "1234", "Relay_Master_Log_File", "binlog.000002",
                "Slave_IO_Running", "Yes", "Slave_SQL_Running", "Yes",
                "Replicate_Do_DB", "", "Last_Errno", "0", "Last_Error", "", "Skip_Counter", "0",
                "Exec_Master_Log_Pos", "4711", "Relay_Log_Space", "2048", "Until_Condition", "None",
                "Seconds_Behind_Master", "0", "Master_SSL_Verify_Server_Cert", "No",
                "Last_IO_Errno", "0", "Last_IO_Error", "", "Last_SQL_Errno", "0", "Last_SQL_Error", "",
                "Master_Server_Id", "1", "Master_UUID", SOURCE_UUID, "SQL_Delay", "0", "SQL_Remaining_Delay", null,
                "Slave_SQL_Running_State", "Slave has read all relay log; waiting for more updates",
                "Master_Retry_Count", "86400", "Last_IO_Error_Timestamp", "", "Last_SQL_Error_Timestamp", "",
                "Retrieved_Gtid_Set", SOURCE_UUID + ":1-29",
                "Executed_Gtid_Set", SOURCE_UUID + ":1-29,\n4d22bb58-82db-22f2-af44-d91bb9530673:1-2",
                "Auto_Position", "1", "Replicate_Rewrite_DB", "", "Channel_Name", "", "Get_master_public_key", "1");
    }

    /** SHOW REPLICA STATUS of MySQL 8.0.22+ whose binlogs were purged: IO thread stopped on 13114. */
    static Map<String, String> mysql80PurgedBinlogs() {
        return row(
                "Replica_IO_State", "", "Source_Host", "10.0.0.5", "Source_User", "repl", "Source_Port", "3306",
                "Replica_IO_Running", "No", "Replica_SQL_Running", "Yes", "Seconds_Behind_Source", null,
                "Last_IO_Errno", "13114",
                "Last_IO_Error", "Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate because "
                        + "the source purged required binary logs. Replicate the missing transactions from elsewhere, or provision "
                        + "a new replica from backup.'",
                "Last_SQL_Errno", "0", "Last_SQL_Error", "",
                "Replica_SQL_Running_State", "Replica has read all relay log; waiting for more updates",
                "Retrieved_Gtid_Set", "", "Executed_Gtid_Set", SOURCE_UUID + ":1-10", "Auto_Position", "1");
    }

    /** MariaDB 10.11 under SHOW REPLICA STATUS: Slave_* names, wrong password, still connecting. */
    static Map<String, String> mariadb1011WrongPassword() {
        return row(
                "Slave_IO_State", "Connecting to master", "Master_Host", "127.0.0.1", "Master_User", "repl",
                "Master_Port", "3307", "Slave_IO_Running", "Connecting", "Slave_SQL_Running", "Yes",
                "Seconds_Behind_Master", null, "Last_IO_Errno", "1045",
                "Last_IO_Error", "error connecting to master 'repl@127.0.0.1:3307' - retry-time: 10  maximum-retries: 100000  "
                        + "message: Access denied for user 'repl'@'localhost' (using password: YES)",
                "Last_SQL_Errno", "0", "Last_SQL_Error", "", "Using_Gtid", "Slave_Pos", "Gtid_IO_Pos", "0-1-100",
                "Slave_SQL_Running_State", "Slave has read all relay log; waiting for more updates",
                "Slave_DDL_Groups", "3", "Slave_Transactional_Groups", "97");
    }

    @Test
    void mysql8015SlaveColumns_healthyReplica() {
        ReplicationStatus s = ReplicationStatus.fromRow(mysql8015Healthy());

        assertThat(s.configured()).isTrue();
        assertThat(s.ioThread()).isEqualTo(IoThreadState.YES);
        assertThat(s.sqlThreadRunning()).isTrue();
        assertThat(s.secondsBehindSource()).hasValue(0);
        assertThat(s.sourceHost()).isEqualTo("127.0.0.1");
        assertThat(s.sourcePort()).isEqualTo(3306);
        assertThat(s.autoPosition()).isTrue();
        assertThat(s.retrievedGtidSet()).isEqualTo(SOURCE_UUID + ":1-29");
        assertThat(s.usingGtid()).as("MySQL has no Using_Gtid").isNull();
        assertThat(s.sqlThreadState()).startsWith("Slave has read all relay log");
        assertThat(s.healthy()).isTrue();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void mysql80ReplicaColumns_purgedBinlogs_reportsStoppedIoThreadAndError() {
        ReplicationStatus s = ReplicationStatus.fromRow(mysql80PurgedBinlogs());

        assertThat(s.ioThread()).isEqualTo(IoThreadState.NO);
        assertThat(s.secondsBehindSource()).isEmpty();
        assertThat(s.sourceHost()).isEqualTo("10.0.0.5");
        assertThat(s.lastIoErrno()).isEqualTo(13114);
        assertThat(s.healthy()).isFalse();
        assertThat(s.problems()).containsExactly(
                "IO thread is not running (Replica_IO_Running: No)",
                "last IO error 13114: " + s.lastIoError());
        assertThat(s.lastIoError()).contains("1236");
    }

    @Test
    void mariadb1011_slaveNamesUnderShowReplicaStatus_connectingWithAccessDenied() {
        ReplicationStatus s = ReplicationStatus.fromRow(mariadb1011WrongPassword());

        assertThat(s.ioThread()).isEqualTo(IoThreadState.CONNECTING);
        assertThat(s.sourcePort()).isEqualTo(3307);
        assertThat(s.usingGtid()).isEqualTo("Slave_Pos");
        assertThat(s.autoPosition()).as("Using_Gtid=Slave_Pos is GTID positioning").isTrue();
        assertThat(s.gtidIoPos()).isEqualTo("0-1-100");
        assertThat(s.executedGtidSet()).as("MariaDB has no Executed_Gtid_Set").isNull();
        assertThat(s.problems()).containsExactly(
                "IO thread is still connecting to the source 127.0.0.1:3307 (Replica_IO_Running: Connecting)",
                "last IO error 1045: " + s.lastIoError());
    }

    @Test
    void columnNames_areCaseInsensitive() {
        Map<String, String> lower = new HashMap<>();
        mysql8015Healthy().forEach((k, v) -> lower.put(k.toLowerCase(), v));

        assertThat(ReplicationStatus.fromRow(lower)).isEqualTo(ReplicationStatus.fromRow(mysql8015Healthy()));
    }

    @Test
    void lag_isJudgedAgainstTheGivenBudget_defaultZero() {
        Map<String, String> r = mysql8015Healthy();
        r.put("Seconds_Behind_Master", "3");
        ReplicationStatus s = ReplicationStatus.fromRow(r);

        assertThat(s.healthy()).isFalse();
        assertThat(s.problems()).containsExactly("replica is 3 s behind the source (allowed: 0 s)");
        assertThat(s.healthy(Duration.ofSeconds(5))).isTrue();
        assertThat(s.healthy(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void unknownLagWhileThreadsRun_isAProblem() {
        Map<String, String> r = mysql8015Healthy();
        r.put("Seconds_Behind_Master", "NULL");

        assertThat(ReplicationStatus.fromRow(r).problems()).containsExactly("lag is unknown (Seconds_Behind_Source is NULL)");
    }

    @Test
    void sqlThreadStoppedOnError_listsBoth() {
        Map<String, String> r = mysql8015Healthy();
        r.put("Slave_SQL_Running", "No");
        r.put("Seconds_Behind_Master", null);
        r.put("Last_SQL_Errno", "1062");
        r.put("Last_SQL_Error", "Could not execute Write_rows event on table sample_db.categories; Duplicate entry '1'");

        assertThat(ReplicationStatus.fromRow(r).problems()).containsExactly(
                "SQL thread is not running (Replica_SQL_Running: No)",
                "last SQL error 1062: Could not execute Write_rows event on table sample_db.categories; Duplicate entry '1'");
    }

    @Test
    void notConfigured_isUnhealthyWithReason() {
        ReplicationStatus s = ReplicationStatus.notConfigured();

        assertThat(s.configured()).isFalse();
        assertThat(s.healthy()).isFalse();
        assertThat(s.problems()).containsExactly("replication is not configured (SHOW REPLICA STATUS returned no row)");
        assertThat(s.toTable()).isEqualTo("""
                Field    Value
                -------  -----
                Healthy  no
                Problem  replication is not configured (SHOW REPLICA STATUS returned no row)
                """);
    }

    @Test
    void badValues_areRejectedNamingColumnAndValue() {
        Map<String, String> r = mysql8015Healthy();
        r.put("Slave_IO_Running", "Maybe");
        assertThatThrownBy(() -> ReplicationStatus.fromRow(r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Slave_IO_Running is 'Maybe'; expected Yes, No or Connecting as SHOW REPLICA STATUS reports it");

        Map<String, String> r2 = mysql8015Healthy();
        r2.put("Seconds_Behind_Master", "-1");
        assertThatThrownBy(() -> ReplicationStatus.fromRow(r2))
                .hasMessage("Seconds_Behind_Master is '-1'; expected a whole number from 0 to 2147483647");

        assertThatThrownBy(() -> ReplicationStatus.fromRow(row("Foo", "1")))
                .hasMessageContaining("status row has neither Replica_IO_Running nor Slave_IO_Running (columns: [Foo])");
    }

    @Test
    void toJson_escapesStringsAndWritesNullsAndNumbers() {
        Map<String, String> r = mariadb1011WrongPassword();
        r.put("Last_SQL_Error", "quote \" backslash \\ newline \n tab \t bell \u0007");
        String json = ReplicationStatus.fromRow(r).toJson();

        assertThat(json).startsWith("{\"configured\":true,\"healthy\":false,\"problems\":[\"IO thread is still connecting");
        assertThat(json).contains("\"ioThread\":\"CONNECTING\"", "\"sqlThreadRunning\":true",
                "\"secondsBehindSource\":null", "\"sourcePort\":3307", "\"lastIoErrno\":1045",
                "\"lastSqlError\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007\"",
                "\"executedGtidSet\":null", "\"usingGtid\":\"Slave_Pos\"", "\"gtidIoPos\":\"0-1-100\"");
        assertThat(json).endsWith("\"sqlThreadState\":\"Slave has read all relay log; waiting for more updates\"}");
        assertThat(json).doesNotContain("\n", ",}", ",]");
    }

    @Test
    void toJson_healthyMySql_hasLagAndEmptyProblems() {
        String json = ReplicationStatus.fromRow(mysql8015Healthy()).toJson();

        assertThat(json).contains("\"healthy\":true,\"problems\":[],", "\"secondsBehindSource\":0,",
                "\"executedGtidSet\":\"" + SOURCE_UUID + ":1-29,\\n4d22bb58-82db-22f2-af44-d91bb9530673:1-2\"");
    }

    @Test
    void toTable_alignsTwoColumnsKeepsGtidSetsOnOneLineAndNoTrailingBlanks() {
        String table = ReplicationStatus.fromRow(mysql8015Healthy()).toTable();

        assertThat(table).isEqualTo("""
                Field                      Value
                -------------------------  -----
                Healthy                    yes
                Replica_IO_Running         Yes
                Replica_SQL_Running        Yes
                Seconds_Behind_Source      0
                Source                     127.0.0.1:3306
                Last_IO_Error
                Last_SQL_Error
                Auto_Position              Yes
                Retrieved_Gtid_Set         3e11fa47-71ca-11e1-9e33-c80aa9429562:1-29
                Executed_Gtid_Set          3e11fa47-71ca-11e1-9e33-c80aa9429562:1-29, 4d22bb58-82db-22f2-af44-d91bb9530673:1-2
                Replica_SQL_Running_State  Slave has read all relay log; waiting for more updates
                """);
    }
}
