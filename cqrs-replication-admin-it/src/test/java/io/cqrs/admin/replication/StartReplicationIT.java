package io.cqrs.admin.replication;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.admin.snapshot.DumpFileSink;
import io.cqrs.admin.snapshot.SnapshotOptions;
import io.cqrs.admin.snapshot.SnapshotResult;
import io.cqrs.admin.snapshot.Snapshotter;
import io.cqrs.common.ServerFlavor;

import java.nio.file.Files;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.eventually;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartReplicationIT {

    @SandboxTest(isolated = true)
    void replicaGtidsOverlapThePosition_startIsRefused_andNothingChanges(Sandbox sandbox) throws Exception {
        ServerEndpoint source = endpoint(sandbox.source());
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        exec(sandbox.source(), "CREATE DATABASE overlap", "CREATE TABLE overlap.t (id INT PRIMARY KEY)", "INSERT INTO overlap.t VALUES (1)");
        sandbox.sync();
        admin.resetReplication(false);
        exec(sandbox.source(), "INSERT INTO overlap.t VALUES (2)");
        SnapshotResult snap = Snapshotter.snapshot(source, SnapshotOptions.defaults(),
                DumpFileSink.of(Files.createTempDirectory("overlap").resolve("d.sql")));
        String executedBefore = string(sandbox.replica(0), sandbox.dialect().selectExecutedGtids());
        assertThat(executedBefore).isNotEmpty();

        assertThatThrownBy(() -> admin.startReplication(sandbox.replicationSource(), StartOptions.fromPosition(snap.gtidPosition())))
                .isInstanceOfSatisfying(StartRefusedException.class, e -> assertThat(e.wouldBeError()).isEqualTo(3546))
                .hasMessageContaining("refused").hasMessageContaining(executedBefore).hasMessageContaining(snap.gtidPosition())
                .hasMessageContaining("nothing was changed").hasMessageContaining("reset-replication --reset-gtids");

        assertThat(string(sandbox.replica(0), sandbox.dialect().selectExecutedGtids())).isEqualTo(executedBefore);
        assertThat(admin.check().configured()).isFalse();
        assertThat(sandbox.replicaStatus(sandbox.replica(0))).isEmpty();
    }

    @SandboxTest(isolated = true)
    void sourcePurgedWhatTheReplicaNeeds_startIsRefused_andNothingChanges(Sandbox sandbox) throws Exception {
        ServerEndpoint source = endpoint(sandbox.source());
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        admin.resetReplication(true);
        var d = sandbox.dialect();
        String oldPosition = string(sandbox.source(), d.selectSnapshotPosition());
        String replicaBefore = string(sandbox.replica(0), d.selectExecutedGtids());
        exec(sandbox.source(), "CREATE DATABASE purged", "CREATE TABLE purged.t (id INT PRIMARY KEY)", "INSERT INTO purged.t VALUES (1)",
                "FLUSH BINARY LOGS");
        String newest = string(sandbox.source(), d.showBinaryLogStatus());
        // MariaDB keeps a binlog until InnoDB's binlog checkpoint has moved past it: retry for a while
        assertThat(eventually(java.time.Duration.ofSeconds(15), () -> {
            try {
                exec(sandbox.source(), "PURGE BINARY LOGS TO '" + newest + "'");
                return string(sandbox.source(), "SHOW BINARY LOGS").equals(newest);
            } catch (Exception e) {
                return false;
            }
        })).as("only %s is left", newest).isTrue();
        String purged;
        try (var c = sandbox.source().connect()) {
            purged = GtidState.purged(c, d);
        }
        assertThat(purged).as("the source's purged GTIDs").isNotEmpty();

        assertThatThrownBy(() -> admin.startReplication(sandbox.replicationSource(), StartOptions.fromPosition(oldPosition).restored(true)))
                .isInstanceOfSatisfying(StartRefusedException.class, e -> assertThat(e.wouldBeError()).isEqualTo(1236))
                .hasMessageContaining("purged").hasMessageContaining("1236").hasMessageContaining("nothing was changed");
        assertThat(string(sandbox.replica(0), d.selectExecutedGtids())).isEqualTo(replicaBefore);
        assertThat(admin.check().configured()).isFalse();
    }
}
