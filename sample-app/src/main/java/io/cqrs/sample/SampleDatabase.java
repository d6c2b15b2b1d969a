package io.cqrs.sample;

import io.cqrs.admin.ProgressListener;
import io.cqrs.admin.Secret;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.data.SampleData;
import io.cqrs.admin.replication.ProvisionOptions;
import io.cqrs.admin.replication.Provisioner;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The command and query databases the way the old runbook built them, with the admin API instead
 * of make targets: {@code create-data} on the source, then each replica is provisioned from it
 * (snapshot, copy, start replication at the snapshot's GTID position, wait until caught up).
 */
public final class SampleDatabase {

    /** The database of the runbook this app replaces (the admin's create-data schema). */
    public static final String DATABASE = SampleData.DATABASE;

    private SampleDatabase() {
    }

    /**
     * On a fresh sandbox: turns every replica into a fresh, empty server (the sandbox wired them
     * to replicate from an empty source), creates {@code sample_db} with {@code rows} order lines on
     * the source, and provisions each replica from it.
     *
     * @return what each provisioning did, one per replica
     */
    public static List<Provisioner.Result> createAndProvision(Sandbox sandbox, int rows, ProgressListener progress) {
        ServerEndpoint source = endpoint(sandbox.source());
        List<ReplicationAdmin> admins = new ArrayList<>();
        for (SandboxServer replica : sandbox.replicas()) {
            ReplicationAdmin admin = new ReplicationAdmin(source, endpoint(replica));
            admin.resetReplication(true);
            admins.add(admin);
        }
        SampleData.create(source, rows, progress);
        List<Provisioner.Result> results = new ArrayList<>();
        for (ReplicationAdmin admin : admins) {
            results.add(Provisioner.provision(admin, sandbox.replicationSource(), ProvisionOptions.direct()));
        }
        return results;
    }

    /** The admin's view of a sandbox server (root, no password, loopback). */
    public static ServerEndpoint endpoint(SandboxServer server) {
        return ServerEndpoint.builder().host(server.host()).port(server.port()).user(server.user()).password(Secret.none()).build();
    }
}
