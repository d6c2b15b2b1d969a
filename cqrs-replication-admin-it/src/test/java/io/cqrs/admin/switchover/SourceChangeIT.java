package io.cqrs.admin.switchover;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cqrs.sandbox.SandboxTools.await;
import static io.cqrs.sandbox.SandboxTools.count;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.eventually;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Switchover, failover and rejoin on a source with two replicas, both flavours. */
class SourceChangeIT {

    static final SourceChangeOptions OPTIONS = SourceChangeOptions.defaults().timeout(Duration.ofSeconds(30));

    static void rows(Sandbox s, SandboxServer writer, int from, int to) throws Exception {
        exec(writer, "CREATE DATABASE IF NOT EXISTS change_db", "CREATE TABLE IF NOT EXISTS change_db.t (id INT PRIMARY KEY, v VARCHAR(20))");
        StringBuilder sb = new StringBuilder("INSERT INTO change_db.t VALUES ");
        for (int i = from; i < to; i++) {
            sb.append(i == from ? "" : ",").append("(").append(i).append(", 'row ").append(i).append("')");
        }
        exec(writer, sb.toString());
    }

    static long rowCount(SandboxServer s) throws Exception {
        return count(s, "SELECT COUNT(*) FROM change_db.t");
    }

    /** Who replicates from whom, read-only flags and executed GTIDs of every server. */
    static Map<String, String> topology(Sandbox s) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (SandboxServer server : s.servers()) {
            if (!server.isRunning()) {
                m.put(server.name(), "not running");
                continue;
            }
            Map<String, String> st = s.replicaStatus(server);
            m.put(server.name(), "source=" + st.getOrDefault("Master_Port", st.get("Source_Port")) + " io="
                    + st.getOrDefault("Slave_IO_Running", st.get("Replica_IO_Running")) + " read_only="
                    + string(server, "SELECT @@GLOBAL.read_only") + " gtids=" + string(server, s.dialect().selectExecutedGtids()));
        }
        return m;
    }

    static int sourcePortOf(Sandbox s, SandboxServer replica) {
        Map<String, String> st = s.replicaStatus(replica);
        String p = st.getOrDefault("Master_Port", st.get("Source_Port"));
        return p == null ? -1 : Integer.parseInt(p);
    }

    static ReplicationSource credentials(Sandbox s) {
        return s.replicationSource();
    }

    static String eventStatus(SandboxServer server, String event) throws Exception {
        return string(server, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'evs' AND EVENT_NAME = '" + event + "'");
    }

    static void awaitEventStatus(SandboxServer server, String event, String status) {
        await(server.name() + ": event " + event + " " + status, Duration.ofSeconds(10), () -> {
            try {
                return status.equals(eventStatus(server, event));
            } catch (Exception e) {
                return false;
            }
        });
    }

    static void awaitRows(SandboxServer server, long expected) throws Exception {
        eventually(Duration.ofSeconds(30), () -> {
            try {
                return rowCount(server) == expected;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(rowCount(server)).as(server.name()).isEqualTo(expected);
    }

    @SandboxTest(replicas = 2, isolated = true)
    void switchover_dryRunChangesNothing_thenTheCandidateIsTheSource_andBackAgain(Sandbox s) throws Exception {
        rows(s, s.source(), 0, 100);
        // scheduled events: replication leaves them all SLAVESIDE_DISABLED on the replicas; the one the source runs
        // must run on the new source (and on the old one again after switching back), the paused one stays paused
        exec(s.source(), "CREATE DATABASE evs",
                "CREATE EVENT evs.job ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO SELECT 1",
                "CREATE EVENT evs.paused ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO SELECT 1");
        s.sync();
        assertThat(eventStatus(s.replica(1), "job")).isEqualTo("SLAVESIDE_DISABLED");
        ServerEndpoint src = endpoint(s.source());
        ServerEndpoint r0 = endpoint(s.replica(0));
        ServerEndpoint r1 = endpoint(s.replica(1));
        Map<String, String> before = topology(s);

        SourceChangeResult dry = Switchover.run(src, List.of(r0, r1), r1, credentials(s), OPTIONS.dryRun(true));
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.steps()).anySatisfy(st -> assertThat(st).startsWith(src.address() + ": SET GLOBAL"))
                .allSatisfy(st -> assertThat(st).doesNotContain(s.replicationSource().password()));
        assertThat(topology(s)).as("a dry run changes nothing").isEqualTo(before);
        assertThat(dry.steps()).contains(r1.address() + ": ALTER EVENT `evs`.`job` ENABLE").noneMatch(st -> st.contains("`paused`"));
        assertThat(eventStatus(s.replica(1), "job")).isEqualTo("SLAVESIDE_DISABLED");

        SourceChangeResult r = Switchover.run(src, List.of(r0, r1), r1, credentials(s), OPTIONS);

        assertThat(r.newSource()).isEqualTo(r1.address());
        assertThat(r.writePause()).isNotNull().isLessThan(Duration.ofSeconds(5));
        assertThat(r.lostTransactions()).isEmpty();
        assertThat(s.replicaStatus(s.replica(1))).as("the new source replicates from nobody").isEmpty();
        assertThat(string(s.replica(1), "SELECT @@GLOBAL.read_only")).isEqualTo("0");
        assertThat(string(s.source(), "SELECT @@GLOBAL.read_only")).as("the old source is read-only").isEqualTo("1");
        assertThat(sourcePortOf(s, s.source())).isEqualTo(s.replica(1).port());
        assertThat(sourcePortOf(s, s.replica(0))).isEqualTo(s.replica(1).port());
        assertThat(eventStatus(s.replica(1), "job")).as("the new source runs the old source's job").isEqualTo("ENABLED");
        assertThat(eventStatus(s.replica(1), "paused")).isEqualTo("SLAVESIDE_DISABLED");
        awaitEventStatus(s.source(), "job", "SLAVESIDE_DISABLED"); // the ALTER replicated: the demoted server does not run it

        rows(s, s.replica(1), 100, 110);
        awaitRows(s.source(), 110);
        awaitRows(s.replica(0), 110);

        // and back: the old source was a replica, so it can be promoted again
        SourceChangeResult back = Switchover.run(r1, List.of(src, r0), src, credentials(s), OPTIONS);
        assertThat(back.newSource()).isEqualTo(src.address());
        assertThat(eventStatus(s.source(), "job")).isEqualTo("ENABLED");
        awaitEventStatus(s.replica(1), "job", "SLAVESIDE_DISABLED");
        rows(s, s.source(), 110, 120);
        awaitRows(s.replica(0), 120);
        awaitRows(s.replica(1), 120);
        assertThat(sourcePortOf(s, s.replica(1))).isEqualTo(s.source().port());
    }

    @SandboxTest(replicas = 2, isolated = true)
    void switchover_toACandidateWithItsOwnTransactions_isRefused_andNothingChanges(Sandbox s) throws Exception {
        rows(s, s.source(), 0, 10);
        s.sync();
        Dialect d = s.dialect();
        exec(s.replica(1), d.setReadOnly(false), "INSERT INTO change_db.t VALUES (1000, 'only on replica-2')", d.setReadOnly(true));
        Map<String, String> before = topology(s);

        assertThatThrownBy(() -> Switchover.run(endpoint(s.source()), List.of(endpoint(s.replica(0)), endpoint(s.replica(1))),
                endpoint(s.replica(1)), credentials(s), OPTIONS))
                .isInstanceOf(AdminException.class).hasMessageContaining("switchover refused")
                .hasMessageContaining("has transactions the source does not have").hasMessageContaining("Nothing was changed");
        assertThat(topology(s)).isEqualTo(before);
    }

    @SandboxTest(replicas = 2, isolated = true)
    void failover_promotesTheMostAdvancedReplica_andTheOldSourceRejoins(Sandbox s) throws Exception {
        Dialect d = s.dialect();
        rows(s, s.source(), 0, 50);
        exec(s.source(), "CREATE DATABASE evs", "CREATE EVENT evs.job ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO SELECT 1");
        s.sync();
        exec(s.replica(0), d.stopIoThread());
        rows(s, s.source(), 50, 60); // only replica-2 gets these
        ServerEndpoint src = endpoint(s.source());
        ServerEndpoint r0 = endpoint(s.replica(0));
        ServerEndpoint r1 = endpoint(s.replica(1));
        new ReplicationAdmin(src, r1).waitCaughtUp(Duration.ofSeconds(30));

        assertThatThrownBy(() -> Failover.run(src, List.of(r0, r1), null, credentials(s), OPTIONS))
                .as("the source still answers").hasMessageContaining("failover refused").hasMessageContaining("answers");
        s.source().kill();

        Map<String, String> before = topology(s);
        assertThatThrownBy(() -> Failover.run(src, List.of(r0, r1), r0, credentials(s), OPTIONS.dryRun(true)))
                .as("replica-1 lacks what replica-2 has").hasMessageContaining("failover refused")
                .hasMessageContaining("lacks what " + r1.address() + " has").hasMessageContaining("Nothing was changed");
        assertThat(topology(s)).isEqualTo(before);

        SourceChangeResult r = Failover.run(src, List.of(r0, r1), null, credentials(s), OPTIONS);

        assertThat(r.newSource()).isEqualTo(r1.address());
        assertThat(r.lostTransactions()).as("unknown until the old source returns").isNull();
        assertThat(r.steps()).as("which events ran cannot be told without the old source: named for the operator")
                .anySatisfy(st -> assertThat(st).startsWith(r1.address() + ": scheduled events left disabled").contains("ALTER EVENT")
                        .endsWith("`evs`.`job`"));
        rows(s, s.replica(1), 60, 70);
        awaitRows(s.replica(0), 70);
        assertThat(sourcePortOf(s, s.replica(0))).isEqualTo(s.replica(1).port());

        s.source().start();
        SourceChangeResult rejoin = Rejoin.run(src, r1, credentials(s), OPTIONS);
        assertThat(rejoin.lostTransactions()).isEmpty();
        awaitRows(s.source(), 70);
        assertThat(sourcePortOf(s, s.source())).isEqualTo(s.replica(1).port());
        assertThat(string(s.source(), "SELECT @@GLOBAL.read_only")).isEqualTo("1");
    }

    @SandboxTest(replicas = 2, isolated = true)
    void rejoin_ofASourceWithWritesTheFailoverLost_isRefused_andRebuiltOnlyWhenAllowed(Sandbox s) throws Exception {
        Dialect d = s.dialect();
        rows(s, s.source(), 0, 20);
        s.sync();
        exec(s.replica(0), d.stopIoThread());
        exec(s.replica(1), d.stopIoThread());
        rows(s, s.source(), 20, 25); // acknowledged by the source, never received by a replica
        ServerEndpoint src = endpoint(s.source());
        ServerEndpoint r0 = endpoint(s.replica(0));
        ServerEndpoint r1 = endpoint(s.replica(1));
        s.source().kill();
        SourceChangeResult f = Failover.run(src, List.of(r0, r1), null, credentials(s), OPTIONS);
        SandboxServer promoted = f.newSource().equals(r0.address()) ? s.replica(0) : s.replica(1);
        ServerEndpoint neu = endpoint(promoted);
        s.source().start();
        String oldGtids = string(s.source(), d.selectExecutedGtids());

        assertThatThrownBy(() -> Rejoin.run(src, neu, credentials(s), OPTIONS))
                .isInstanceOf(AdminException.class).hasMessageContaining("rejoin refused")
                .hasMessageContaining("writes it acknowledged that the failover lost").hasMessageContaining("Nothing was changed")
                .hasMessageContaining("RecoveryOptions.allowDataLoss(true)");
        assertThat(string(s.source(), d.selectExecutedGtids())).isEqualTo(oldGtids);
        assertThat(s.replicaStatus(s.source())).isEmpty();
        assertThat(rowCount(s.source())).isEqualTo(25);

        SourceChangeResult rebuilt = Rejoin.run(src, neu, credentials(s), OPTIONS.allowDataLoss(true));
        assertThat(rebuilt.lostTransactions()).isNotEmpty();
        awaitRows(s.source(), 20);
        assertThat(sourcePortOf(s, s.source())).isEqualTo(promoted.port());
    }
}
