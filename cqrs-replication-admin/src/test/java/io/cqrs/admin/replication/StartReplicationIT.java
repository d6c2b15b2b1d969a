package io.cqrs.admin.replication;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.sandbox.Sandbox;
import io.cqrs.admin.sandbox.junit.SandboxTest;
import io.cqrs.admin.snapshot.DumpFileSink;
import io.cqrs.admin.snapshot.SnapshotOptions;
import io.cqrs.admin.snapshot.SnapshotResult;
import io.cqrs.admin.snapshot.Snapshotter;
import io.cqrs.common.ServerFlavor;

import java.nio.file.Files;

import static io.cqrs.admin.AdminTestSupport.endpoint;
import static io.cqrs.admin.AdminTestSupport.exec;
import static io.cqrs.admin.AdminTestSupport.string;
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

    @SandboxTest(isolated = true, flavors = ServerFlavor.MYSQL)
    void sourcePurgedWhatTheReplicaNeeds_startIsRefused_andNothingChanges(Sandbox sandbox) throws Exception {
        ServerEndpoint source = endpoint(sandbox.source());
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        admin.resetReplication(true);
        String oldPosition = string(sandbox.source(), "SELECT @@GLOBAL.gtid_executed");
        exec(sandbox.source(), "CREATE DATABASE purged", "CREATE TABLE purged.t (id INT PRIMARY KEY)", "INSERT INTO purged.t VALUES (1)",
                "FLUSH BINARY LOGS");
        String last = string(sandbox.source(), "SHOW MASTER STATUS");
        exec(sandbox.source(), "PURGE BINARY LOGS TO '" + last + "'");
        String purged = string(sandbox.source(), "SELECT @@GLOBAL.gtid_purged");
        assertThat(purged).isNotEmpty();

        assertThatThrownBy(() -> admin.startReplication(sandbox.replicationSource(), StartOptions.fromPosition(oldPosition).restored(true)))
                .isInstanceOfSatisfying(StartRefusedException.class, e -> assertThat(e.wouldBeError()).isEqualTo(1236))
                .hasMessageContaining("purged").hasMessageContaining("1236").hasMessageContaining("nothing was changed");
        assertThat(string(sandbox.replica(0), "SELECT @@GLOBAL.gtid_executed")).isEmpty();
        assertThat(admin.check().configured()).isFalse();
    }
}
