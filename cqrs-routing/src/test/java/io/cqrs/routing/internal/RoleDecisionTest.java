package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointConfig;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoleDecisionTest {

    static EndpointConfig config(String name, int port) {
        return EndpointConfig.builder(name).jdbcUrl("jdbc:mysql://10.0.0.1:" + port + "/app").build();
    }

    static ServerRole source(String name, long id, ServerRole.ReplicaHost... replicas) {
        return new ServerRole(name, config(name, 3306), true, id, false, false, null, -1, List.of(replicas), null);
    }

    static ServerRole replica(String name, long id, boolean running) {
        return new ServerRole(name, config(name, 3306), true, id, true, running, "10.0.0.1", 3306, List.of(), null);
    }

    @Test
    void theOneWritableServerThatReplicatesFromNobody_isTheSource_andItsListedReplicasThatReplicate_areTheReplicas() {
        RoleDecision.Desired d = RoleDecision.decide(List.of(
                replica("source", 1, true),
                replica("replica-1", 2, true),
                source("replica-2", 3, new ServerRole.ReplicaHost(1, "db1", 3306), new ServerRole.ReplicaHost(2, "db2", 3306)),
                ServerRole.unreachable("replica-3", config("replica-3", 3306), "refused")), "source");

        assertThat(d.sourceName()).isEqualTo("replica-2");
        assertThat(d.replicas()).containsOnlyKeys("source", "replica-1");
        assertThat(d.note()).startsWith("source 'replica-2' (takes writes, replicates from nobody)");
    }

    @Test
    void noWritableServer_keepsTheCurrentSourceAndReplicas_andSaysWhy() {
        RoleDecision.Desired d = RoleDecision.decide(List.of(replica("source", 1, false), replica("replica-1", 2, true)), "source");

        assertThat(d.sourceName()).isEqualTo("source");
        assertThat(d.replicas()).as("unchanged").isNull();
        assertThat(d.note()).startsWith("no server takes writes and replicates from nobody; keeping source 'source'")
                .contains("source: read-only, replicates from nobody");
    }

    @Test
    void twoWritableServers_keepTheCurrentSource_andSayWhatToDo() {
        RoleDecision.Desired d = RoleDecision.decide(List.of(source("source", 1), source("replica-1", 2)), "source");

        assertThat(d.sourceName()).isEqualTo("source");
        assertThat(d.replicas()).isNull();
        assertThat(d.note()).startsWith("2 servers take writes and replicate from nobody (source, replica-1):"
                + " make all but one read-only (SET GLOBAL read_only = ON); keeping source 'source'");
    }

    @Test
    void aListedReplicaThatStoppedReplicating_isNotAReplica_andAListedServerThatDidNotAnswer_isNamedInTheNote() {
        RoleDecision.Desired d = RoleDecision.decide(List.of(
                source("source", 1, new ServerRole.ReplicaHost(2, "db2", 3306), new ServerRole.ReplicaHost(9, "db9", 3306)),
                replica("replica-1", 2, false)), "source");

        assertThat(d.replicas()).isEmpty();
        assertThat(d.note()).contains("db9:3306 (listed, no answer there)");
    }

    @Test
    void urlOfAFoundServer_isTheSourceUrlWithItsHostAndPort_orTheTemplate() {
        assertThat(TopologyProbe.urlFor(null, "jdbc:mysql://db1:3306/app?socketTimeout=5000", "db2", 3307))
                .isEqualTo("jdbc:mysql://db2:3307/app?socketTimeout=5000");
        assertThat(TopologyProbe.urlFor(null, "jdbc:mariadb://db1?x=1", "db2", 3307)).isEqualTo("jdbc:mariadb://db2:3307?x=1");
        assertThat(TopologyProbe.urlFor("jdbc:mysql://{host}:{port}/app", "jdbc:mysql://db1:3306/x", "db2", 3307))
                .isEqualTo("jdbc:mysql://db2:3307/app");
    }

    @Test
    void readOnlyRefusals_are1290And1836_otherErrorsAreNot() {
        assertThat(FirstReadFailover.isReadOnlyRefusal(new SQLException("read-only", "HY000", 1290))).isTrue();
        assertThat(FirstReadFailover.isReadOnlyRefusal(new SQLException("read-only mode", "HY000", 1836))).isTrue();
        assertThat(FirstReadFailover.isReadOnlyRefusal(new SQLException("wrapped", "HY000", 0,
                new SQLException("read-only", "HY000", 1290)))).isTrue();
        assertThat(FirstReadFailover.isReadOnlyRefusal(new SQLException("duplicate", "23000", 1062))).isFalse();
        assertThat(FirstReadFailover.isReadOnlyRefusal(new SQLException("read-only transaction", "25006", 1792))).isFalse();
    }
}
