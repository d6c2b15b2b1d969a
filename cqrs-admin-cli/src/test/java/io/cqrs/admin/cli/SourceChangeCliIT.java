package io.cqrs.admin.cli;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;

/** The switchover/failover/rejoin commands on the shared source with two replicas: dry runs and refusals change nothing. */
class SourceChangeCliIT {

    static String address(SandboxServer s) {
        return "127.0.0.1:" + s.port();
    }

    static Map<String, String> state(Sandbox s) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (SandboxServer server : s.servers()) {
            m.put(server.name(), s.replicaStatus(server).toString().replaceAll("Seconds_Behind_\\w+=\\d*|\\w*Heartbeat\\w*=[^,]*", "")
                    .length() + " " + string(server, s.dialect().selectExecutedGtids()) + " ro=" + string(server, "SELECT @@GLOBAL.read_only"));
        }
        return m;
    }

    @SandboxTest(replicas = 2)
    void switchoverDryRun_findsTheReplicasOnTheSource_andChangesNothing_failoverRefusesALiveSource(Sandbox s) throws Exception {
        Path pw = Files.createTempFile("repl", ".password");
        Files.writeString(pw, s.replicationSource().password() + "\n");
        Map<String, String> before = state(s);

        CliIT.Run dry = CliIT.cli("switchover", "--to", address(s.replica(1)), "--dry-run", "--source", address(s.source()),
                "--user", "root", "--repl-password-file", pw.toString());

        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("dry run, nothing changed").contains(address(s.source()) + ": SET GLOBAL")
                .contains(address(s.replica(0)) + ": ").contains(address(s.replica(1)) + ": ")
                .doesNotContain(s.replicationSource().password());
        assertThat(state(s)).isEqualTo(before);

        CliIT.Run failover = CliIT.cli("failover", "--replicas", address(s.replica(0)) + "," + address(s.replica(1)),
                "--source", address(s.source()), "--user", "root", "--repl-password-file", pw.toString());
        assertThat(failover.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failover.err()).contains("failover refused").contains("answers").contains("switchover");
        assertThat(state(s)).isEqualTo(before);
    }

    @SandboxTest(replicas = 2)
    void checkReplication_withTheSourceAlone_checksEveryReplica_andSaysWhichServerIsTheSource(Sandbox s) throws Exception {
        CliIT.Run all = CliIT.cli("check-replication", "--source", address(s.source()), "--user", "root");

        assertThat(all.exit()).as(all.out() + all.err()).isZero();
        assertThat(all.out()).startsWith("source " + address(s.source())).contains("2 replicas, healthy")
                .contains(address(s.replica(0))).contains(address(s.replica(1)));

        CliIT.Run json = CliIT.cli("check-replication", "--source", address(s.source()), "--user", "root", "--json");
        assertThat(json.out().trim()).startsWith("{\"source\":").contains("\"healthy\":true").contains(address(s.replica(1)));

        CliIT.Run notASource = CliIT.cli("check-replication", "--source", address(s.replica(0)), "--all-replicas", "--user", "root");
        assertThat(notASource.exit()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(notASource.out()).contains("is not a source: it replicates from");
    }

    @SandboxTest(replicas = 2)
    void diagnoseAndWatch_withTheSourceAlone_lookAtEveryReplica_andNameTheOneThatIsUnhealthy(Sandbox s) throws Exception {
        String src = address(s.source());
        CliIT.Run diagnose = CliIT.cli("diagnose", "--source", src, "--user", "root");
        assertThat(diagnose.exit()).as(diagnose.out() + diagnose.err()).isZero();
        assertThat(diagnose.out()).startsWith("source " + src).contains("2 replicas, healthy")
                .contains("replica " + address(s.replica(0)) + " of " + src + ": healthy")
                .contains("replica " + address(s.replica(1)) + " of " + src + ": healthy");
        CliIT.Run watch = CliIT.cli("watch", "--count", "1", "--source", src, "--user", "root");
        assertThat(watch.exit()).as(watch.out() + watch.err()).isZero();
        assertThat(watch.out().lines().filter(l -> l.startsWith("#1 "))).hasSize(2);

        exec(s.replica(1), s.dialect().stopSqlThread());
        try {
            CliIT.Run sick = CliIT.cli("diagnose", "--source", src, "--user", "root", "--json");
            assertThat(sick.exit()).as(sick.out() + sick.err()).isEqualTo(ExitCodes.UNHEALTHY);
            assertThat(sick.out().trim()).startsWith("{\"source\":").contains("\"healthy\":false")
                    .contains("\"replica\":\"" + address(s.replica(1)) + "\"");
            CliIT.Run sickText = CliIT.cli("diagnose", "--source", src, "--user", "root");
            assertThat(sickText.out()).contains("2 replicas, UNHEALTHY")
                    .contains("replica " + address(s.replica(0)) + " of " + src + ": healthy")
                    .contains("replica " + address(s.replica(1)) + " of " + src + ": UNHEALTHY");
            CliIT.Run sickWatch = CliIT.cli("watch", "--count", "1", "--source", src, "--user", "root", "--json");
            assertThat(sickWatch.exit()).isEqualTo(ExitCodes.UNHEALTHY);
            assertThat(sickWatch.out().lines().filter(l -> l.contains("\"healthy\":false")).toList()).singleElement()
                    .asString().contains(address(s.replica(1)));
        } finally {
            exec(s.replica(1), s.dialect().startSqlThread());
        }
    }
}
