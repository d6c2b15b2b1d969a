package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;

import java.util.ArrayList;
import java.util.List;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;

/** The setup of tests that copy from a sandbox's source into its first replica, as a copy target of its own. */
final class CopyTargets {

    private CopyTargets() {
    }

    /** The first replica, taken out of replication (an isolated sandbox: a copy writes to it). */
    static ServerEndpoint detached(Sandbox sandbox) throws Exception {
        ServerEndpoint replica = endpoint(sandbox.replica(0));
        new ReplicationAdmin(endpoint(sandbox.source()), replica).resetReplication(false);
        return replica;
    }

    /** {@code db} made anew on {@code server}, then {@code sql} run there. */
    static void freshDatabase(SandboxServer server, String db, String... sql) throws Exception {
        List<String> all = new ArrayList<>(List.of("DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db));
        all.addAll(List.of(sql));
        exec(server, all.toArray(String[]::new));
    }

    /** The first replica writable and without {@code db}, for a dump to be restored into it. */
    static void cleared(Sandbox sandbox, String db, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of("SET GLOBAL " + sandbox.dialect().readOnlyVariable() + " = 0", "SET GLOBAL read_only = 0",
                "DROP DATABASE IF EXISTS " + db));
        all.addAll(List.of(more));
        exec(sandbox.replica(0), all.toArray(String[]::new));
    }
}
