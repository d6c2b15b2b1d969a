package io.cqrs.admin.replication;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.data.SampleData;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.admin.snapshot.SnapshotOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.count;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.eventually;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisionIT {

    @SandboxTest(isolated = true)
    void provisionDirect_from100kRows_sameChecksums_andLaterWritesReplicate(Sandbox sandbox) throws Exception {
        ServerEndpoint source = endpoint(sandbox.source());
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        admin.resetReplication(true);
        SampleData.create(source, 100_000, p -> { });
        assertThat(count(sandbox.source(), "SELECT COUNT(*) FROM sample_db.order_items")).isEqualTo(100_000);
        List<io.cqrs.admin.Progress> events = new ArrayList<>();
        Provisioner.Result r = Provisioner.provision(admin, sandbox.replicationSource(), ProvisionOptions.direct()
                .snapshot(SnapshotOptions.builder().databases("sample_db").workers(3).chunkRows(5000).progress(events::add).build()));

        assertThat(r.snapshot().rows()).isGreaterThanOrEqualTo(100_000);
        assertThat(r.start().health().healthy()).as(r.start().health().toTable()).isTrue();
        Map<String, String> expected = checksums(sandbox.source(), "sample_db");
        assertThat(expected).hasSize(5);
        assertThat(checksums(sandbox.replica(0), "sample_db")).isEqualTo(expected);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).done()).isTrue();

        exec(sandbox.source(), "INSERT INTO sample_db.categories (name, created_at) VALUES ('written after provisioning', NOW())");
        assertThat(eventually(Duration.ofSeconds(20), () -> {
            try {
                return count(sandbox.replica(0), "SELECT COUNT(*) FROM sample_db.categories WHERE name = 'written after provisioning'") == 1;
            } catch (Exception e) {
                return false;
            }
        })).isTrue();
        assertThat(admin.check().healthy()).isTrue();
    }

    @SandboxTest(isolated = true)
    void provisionViaGzipDumpFile_sameChecksums(Sandbox sandbox) throws Exception {
        ServerEndpoint source = endpoint(sandbox.source());
        ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(sandbox.replica(0)));
        SampleData.create(source, 20_000, p -> { });
        Path dir = Files.createTempDirectory("provision-it");
        Provisioner.Result r = Provisioner.provision(admin, sandbox.replicationSource(), ProvisionOptions.direct()
                .viaFile(dir.resolve("source.sql.gz")).resetReplicaFirst(true));
        assertThat(r.restore()).isNotNull();
        assertThat(r.restore().gtidPosition()).contains(r.snapshot().gtidPosition());
        assertThat(checksums(sandbox.replica(0), "sample_db")).isEqualTo(checksums(sandbox.source(), "sample_db"));
        assertThat(admin.check().healthy()).isTrue();
    }
}
